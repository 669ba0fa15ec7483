export const ROLES = ['admin', 'supervisor', 'coordinator', 'professional'] as const;
export type Role = (typeof ROLES)[number];
