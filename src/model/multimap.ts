/** Adds `value` to the list `map` keeps under `key`, the list made on first use: how the indexes over the graph grow. */
export function pushTo<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
