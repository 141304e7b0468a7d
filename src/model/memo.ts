/** `make` called on first use and its value kept: for what is dear to build and not always needed. */
export function once<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * `compute` answered once per object: later calls with the same object give the first answer,
 * kept as long as the object lives. For facts derived from values that are shared (kept interval
 * sets, rule refs, resources), which many VMs or findings ask for again.
 */
export function oncePerObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const answers = new WeakMap<K, { readonly value: V }>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = { value: compute(key) };
      answers.set(key, answer);
    }
    return answer.value;
  };
}
