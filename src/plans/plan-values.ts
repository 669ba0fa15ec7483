export const GOAL_STATUSES = ['open', 'achieved', 'abandoned'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Who carries out an action: a professional, a whole organisation, a household member or a network member. */
export const ACTION_OWNER_TYPES = ['professional', 'organisation', 'member', 'network_member'] as const;
export type ActionOwnerType = (typeof ACTION_OWNER_TYPES)[number];

export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
