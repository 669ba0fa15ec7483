/** Kinds of contact moment (contactmoment). */
export const CONTACT_KINDS = ['home_visit', 'call', 'meeting', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Clock skew allowed on `occurredAt`: a device a little ahead of the server may still record "just now". */
export const OCCURRED_AT_SKEW_MS = 2 * 60 * 1000;
