import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatResourceId, parentId, parseResourceId } from '../../src/model/resource-id.js';
import { fuzz } from './settings.js';

/** parentId as first written (parse, then format the parent): the fast version must agree on every id. */
function referenceParentId(id: string): string | undefined {
  const parsed = parseResourceId(id);
  if (!parsed) return undefined;
  const typeSegments = parsed.type.split('/');
  if (typeSegments.length <= 2) return undefined;
  return formatResourceId(parsed.scope, typeSegments.slice(0, -1).join('/'), parsed.name.split('/').slice(0, -1).join('/'));
}

const SEGMENT = fc.oneof(
  fc.constantFrom(
    'subscriptions',
    'resourceGroups',
    'providers',
    'Providers',
    'PROVIDERS',
    'Microsoft.Network',
    'virtualNetworks',
    'subnets',
    'vnet',
    'x',
    'a b',
    '',
    '..',
  ),
  fc.string({ maxLength: 8 }),
);

describe('resource ids: property-based', () => {
  it('parentId agrees with parsing and formatting the parent', () => {
    fc.assert(
      fc.property(fc.array(SEGMENT, { maxLength: 14 }), fc.boolean(), fc.boolean(), (segments, leading, trailing) => {
        const id = (leading ? '/' : '') + segments.join('/') + (trailing ? '/' : '');
        expect(parentId(id)).toBe(referenceParentId(id));
      }),
      fuzz(2000),
    );
  });
});
