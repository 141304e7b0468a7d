import { describe, expect, it } from 'vitest';
import { MAPPINGS } from '../../src/inputs/terraform/mapping/index.js';
import { RULES } from '../../src/rules/index.js';

/**
 * One rule set for every input: a resource type a rule reads and no Terraform mapping writes is a
 * rule that never sees a Terraform configuration. Each exception says why it is one.
 */
const WITHOUT_MAPPING: Readonly<Record<string, string>> = {
  'microsoft.resources/subscriptions': 'made by the snapshot reader for each collected subscription; configurations hold no subscription',
  'microsoft.security/locations/jitnetworkaccesspolicies': 'azurerm has no resource for it; azapi_resource writes it',
  'microsoft.securitycopilot/capacities': 'azurerm has no resource for it; azapi_resource writes it',
};

describe('Terraform coverage of the rules', () => {
  it('maps every resource type a rule reads, but the listed exceptions', () => {
    const written = new Set(Object.values(MAPPINGS).flatMap((mapping) => (typeof mapping.type === 'string' ? [mapping.type.toLowerCase()] : [])));
    const read = new Set(RULES.flatMap((rule) => rule.resourceTypes.map((type) => type.toLowerCase())));
    const missing = [...read].filter((type) => !written.has(type) && !(type in WITHOUT_MAPPING)).sort();
    expect(missing).toEqual([]);
    // An exception that a mapping now covers, or that no rule reads any more, is taken off the list.
    expect(Object.keys(WITHOUT_MAPPING).filter((type) => written.has(type) || !read.has(type))).toEqual([]);
  });
});
