// Data rules derive from route arrays (prefix sets, filtered rows), kept while those arrays live.
// A running lab hands out the same frozen route arrays in every snapshot while its routes are
// unchanged, so a diagnosis on each tick of a 100,000-route lab reuses what the last one built
// instead of redoing 100,000 routes. Only frozen arrays count: a frozen array never changes, while
// an ordinary one (a snapshot file, an Azure read, a test's fixture) may be edited between runs.

interface Node {
  readonly next: WeakMap<object, Node>;
  readonly values: Map<string, unknown>;
}

const roots = new WeakMap<object, Node>();

/**
 * `compute()`, or what it returned before for the same frozen `owners` (the arrays it reads) and
 * `key` (everything else it reads, as text). Computed afresh when any owner is not frozen.
 */
export function derivedFrom<T>(owners: readonly (readonly unknown[])[], key: string, compute: () => T): T {
  if (owners.length === 0 || !owners.every((o) => Object.isFrozen(o))) return compute();
  let level = roots;
  let node: Node | undefined;
  for (const owner of owners) {
    node = level.get(owner);
    if (!node) {
      node = { next: new WeakMap(), values: new Map() };
      level.set(owner, node);
    }
    level = node.next;
  }
  const values = node!.values;
  if (values.has(key)) return values.get(key) as T;
  const value = compute();
  // Arrays are frozen too, so a rule cannot change what later diagnoses are handed (and a derived
  // array can own further derived data).
  if (Array.isArray(value)) Object.freeze(value);
  values.set(key, value);
  return value;
}
