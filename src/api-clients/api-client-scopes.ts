/** What a partner API client may be granted. Each scope opens the routes listed in client-routes.ts. */
export const API_CLIENT_SCOPES = ['households:read', 'plan:read', 'plan:write', 'signals:write', 'webhooks:manage'] as const;
export type ApiClientScope = (typeof API_CLIENT_SCOPES)[number];

export const isApiClientScope = (value: string): value is ApiClientScope => (API_CLIENT_SCOPES as readonly string[]).includes(value);
