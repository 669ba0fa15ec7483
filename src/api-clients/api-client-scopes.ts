/** What a partner API client may be granted. Each scope opens the routes listed in client-routes.ts. */
export const API_CLIENT_SCOPES = ['households:read', 'plan:read', 'plan:write', 'signals:write', 'webhooks:manage'] as const;
export type ApiClientScope = (typeof API_CLIENT_SCOPES)[number];

export const isApiClientScope = (value: string): value is ApiClientScope => (API_CLIENT_SCOPES as readonly string[]).includes(value);

/** What each scope allows, for the OAuth2 security scheme of the OpenAPI document (routes: client-routes.ts). */
export const API_CLIENT_SCOPE_DESCRIPTIONS: Readonly<Record<ApiClientScope, string>> = {
  'households:read': 'Read the households your organisation is linked to, with members, care team and consents.',
  'plan:read': 'Read the plan and its history.',
  'plan:write': 'Report progress on actions your organisation owns (status only).',
  'signals:write': 'Register a signal as your organisation.',
  'webhooks:manage': 'Manage the webhook subscriptions of your own organisation.',
};
