// Putting a batch's rows back in the order of its keys, as a DataLoader wants them.

/** One row per key (null when none), in the keys' order. */
export const byKey = <K, V>(keys: readonly K[], rows: V[], key: (row: V) => K): (V | null)[] => {
  const map = new Map<K, V>();
  for (const row of rows) map.set(key(row), row);
  return keys.map((k) => map.get(k) ?? null);
};

/** The rows of each key (empty when none), in the keys' order; rows keep their order within a key. */
export const groupBy = <K, V>(keys: readonly K[], rows: V[], key: (row: V) => K): V[][] => {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
};
