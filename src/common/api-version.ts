/**
 * The semantic version of the API contract (Logius API Design Rules: API-56, /core/version-header). Sent as the
 * `API-Version` header on every response and used as the OpenAPI document's `info.version`; the major part is
 * the `/api/v1` in every path. Raise the minor for additions, the patch for fixes that do not change the contract.
 */
export const API_VERSION = '1.0.0';

export const API_VERSION_HEADER = 'API-Version';
