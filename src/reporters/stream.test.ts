import { describe, expect, it } from 'vitest';
import { batched, joinChunks, jsonChunks, lazyArray } from './stream.js';

const same = (value: unknown): void => {
  expect(joinChunks(jsonChunks(value))).toBe(JSON.stringify(value, null, 2));
};

describe('jsonChunks', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, lazy arrays included', () => {
    const items = [{ a: 1, b: [1, { c: 'line\nbreak "quoted" \u2028 日本語 😀' }], d: {} }, [], null, 'x', 2.5, true, { e: undefined, f: [undefined] }];
    same({ top: lazyArray(() => items) });
    same({ a: 1, nested: { list: lazyArray(() => items), after: 'z' }, empty: lazyArray(() => []), runs: [{ results: lazyArray(() => [1, 2]) }, 3] });
    same([lazyArray(() => [{ deep: [{ deeper: [] }] }]), lazyArray(() => [])]);
    same(lazyArray(() => items));
    same({ skipped: undefined, fn: () => 1, date: new Date(0), then: lazyArray(() => [new Date(1)]), list: [undefined, () => 1, lazyArray(() => [])] });
    same({ plain: { no: { lazy: [1, 2, { x: [] }] } }, s: '' });
    same({ a: { b: lazyArray(() => [undefined, () => 1, Symbol('s'), { deep: { deeper: ['x\ny'] } }]) } });
    for (const scalar of [1, 'a', null, true, [], {}]) same(scalar);
  });

  it('serialises a lazy array one element at a time, from a generator', () => {
    let made = 0;
    const chunks = jsonChunks({
      evaluations: lazyArray(function* () {
        for (let i = 0; i < 1000; i++) {
          made++;
          yield { i, text: 'x'.repeat(10) };
        }
      }),
    });
    const first = chunks.next();
    expect(first.done).toBe(false);
    const second = chunks.next();
    expect(second.value).toContain('"i": 0');
    expect(made).toBe(1);
    expect([...chunks].length).toBeGreaterThan(999);
    expect(made).toBe(1000);
  });
});

describe('batched', () => {
  it('gathers chunks into pieces of about the given size without losing or reordering text', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => `${i},`);
    const pieces = [...batched(chunks, 100)];
    expect(pieces.join('')).toBe(chunks.join(''));
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(100);
    expect([...batched([], 100)]).toEqual([]);
  });
});
