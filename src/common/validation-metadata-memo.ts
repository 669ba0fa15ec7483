import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Metadata = ReturnType<Lookup>;

const MEMOISED = Symbol('eenplan.validationMetadataMemo');

/**
 * class-validator works out a class's rules on every `validate`: its own, then those of every ancestor, found by
 * testing each class it knows (some three hundred DTOs here) with `instanceof`, then grouped by property — ~1 % of a
 * plan change's node time for an answer that only changes when a decorator is declared. This keeps each answer (and
 * its grouping) per class and options until a rule, constraint or schema is added, which drops them all. The answers
 * are the same arrays each time; class-validator and `constraintUses` only read them.
 */
export function memoiseValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [MEMOISED]?: true };
  if (marked[MEMOISED]) return;
  marked[MEMOISED] = true;
  let answers = new WeakMap<object, Map<string, Metadata>>();
  let groupings = new WeakMap<Metadata, ReturnType<Storage['groupByPropertyName']>>();
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (typeof target !== 'function') return lookup(target, schema, always, strictGroups, groups);
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}\u0000${groups === undefined}`;
    let byOptions = answers.get(target);
    if (!byOptions) answers.set(target, (byOptions = new Map<string, Metadata>()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let grouped = groupings.get(metadata);
    if (!grouped) groupings.set(metadata, (grouped = group(metadata)));
    return grouped;
  };
  const forget = () => {
    answers = new WeakMap();
    groupings = new WeakMap();
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (storage[method] as (...args: unknown[]) => unknown).bind(storage);
    (storage[method] as (...args: unknown[]) => unknown) = (...args: unknown[]) => {
      forget();
      return add(...args);
    };
  }
}
