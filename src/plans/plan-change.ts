/** One entry of a revision's "what changed": ids and field names only. */
export interface PlanChange {
  op: 'create' | 'update' | 'add' | 'remove';
  target: 'plan' | 'goal' | 'action' | 'networkMember' | 'communityResource';
  id?: string;
  fields?: string[];
}

/** Field names whose value differs between the current entity and the requested changes. */
export function changedFields<T extends object>(current: T, changes: Partial<T>): string[] {
  return (Object.keys(changes) as Array<keyof T>).filter((k) => changes[k] !== undefined && !sameValue(current[k], changes[k])).map(String);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
