import { describe, expect, it } from 'vitest';
import { once, oncePerObject } from '../../src/model/memo.js';

describe('oncePerObject', () => {
  it('computes once per object, an undefined answer included, and apart for equal but distinct objects', () => {
    const asked: object[] = [];
    const answer = oncePerObject((key: { n: number }) => {
      asked.push(key);
      return key.n === 0 ? undefined : key.n * 2;
    });
    const one = { n: 1 };
    const zero = { n: 0 };
    expect([answer(one), answer(one), answer(zero), answer(zero), answer({ n: 1 })]).toEqual([2, 2, undefined, undefined, 2]);
    expect(asked).toHaveLength(3);
  });
});

describe('once', () => {
  it('makes its value on the first call only, an undefined value included', () => {
    let made = 0;
    const value = once(() => {
      made++;
      return undefined;
    });
    expect(made).toBe(0);
    expect([value(), value()]).toEqual([undefined, undefined]);
    expect(made).toBe(1);
  });
});
