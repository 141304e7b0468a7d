import { describe, expect, it } from 'vitest';
import { newestMajor } from '../../src/inputs/terraform/provider-version.js';

describe('newestMajor: the provider major terraform init installs for a constraint', () => {
  it.each([
    ['3.117.0', 3],
    ['= 3.117.0', 3],
    ['~> 3.50', 3],
    ['~> 3.50.1', 3],
    ['<= 3.9', 3],
    ['< 4.0', 3],
    ['< 4', 3],
    ['< 4.0.0', 3],
    ['< 4.1', 4],
    ['>= 3.0, < 4.0', 3],
    ['>= 3.0, ~> 4.10, < 5', 4],
    ['> 2.0, <= 3.1, != 3.0.1', 3],
  ])('%s → %s', (constraint, major) => {
    expect(newestMajor(constraint)).toBe(major);
  });

  it('has no answer without an upper bound (the newest release) or for what it cannot read', () => {
    // Before: the first number was taken, so ">= 3.0" read as 3 (public IPs Basic by default) and "< 4.0" as 4.
    for (const constraint of ['>= 3.0', '> 3.90', '~> 3', '!= 4.0.0', '', 'latest', '>= 3.0,']) expect(newestMajor(constraint)).toBeUndefined();
  });
});
