import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batched, joinChunks, jsonChunks, lazyArray, writeChunks } from './stream.js';

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

/** A writable that takes a while for each write and has a tiny buffer, so the writer must wait for 'drain'. */
function slowSink(fail?: number): { sink: Writable; text: () => string; waits: () => number } {
  const parts: string[] = [];
  let writes = 0;
  let waits = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      writes++;
      setTimeout(() => {
        if (fail !== undefined && writes >= fail) callback(new Error('disk full'));
        else {
          parts.push(chunk);
          callback();
        }
      }, 1);
    },
  });
  const write = sink.write.bind(sink);
  sink.write = ((chunk: string) => {
    const ok = write(chunk);
    if (!ok) waits++;
    return ok;
  }) as typeof sink.write;
  return { sink, text: () => parts.join(''), waits: () => waits };
}

describe('writeChunks', () => {
  const chunks = (): Generator<string> =>
    (function* () {
      for (let i = 0; i < 20_000; i++) yield `{"i": ${i}, "pad": "${'p'.repeat(20)}"},\n`;
    })();

  it('waits for drain when the stream is full and writes every chunk in order', async () => {
    const { sink, text, waits } = slowSink();
    await writeChunks(chunks(), sink);
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(text()).toBe(joinChunks(chunks()));
    expect(waits()).toBeGreaterThan(0);
  });

  it('rejects with the stream error and stops pulling chunks', async () => {
    const { sink } = slowSink(2);
    let pulled = 0;
    const counted = (function* () {
      for (const chunk of chunks()) {
        pulled++;
        yield chunk;
      }
    })();
    await expect(writeChunks(counted, sink)).rejects.toThrow('disk full');
    expect(pulled).toBeLessThan(20_000);
  });
});
