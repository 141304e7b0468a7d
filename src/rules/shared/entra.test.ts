import { describe, expect, it } from 'vitest';
import { organization, snapshotOf } from '../../../test/support/snapshot-snippets.js';
import { readSnapshotValue } from '../../inputs/snapshot/read.js';
import { ENTRA_TENANT_TYPE } from '../../model/entra.js';
import { createResource, type Resource } from '../../model/resource.js';
import { isObject, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { entraLicence } from './entra.js';

/** The tenant of a snapshot whose organization has `licence`, with plan `index` given `change`. */
function tenantWith(licence: 'P2' | 'P1' | 'Free', index: number, change: (plan: ValueObject) => Value): Resource {
  const read = readSnapshotValue(snapshotOf({ entra: { organization: organization(licence) }, subscriptions: [] }), 'tenant.json');
  const tenant = read.resources.find((resource) => resource.type === ENTRA_TENANT_TYPE) as Resource;
  const properties = tenant.body['properties'] as ValueObject;
  const [org] = properties['organization'] as ValueObject[];
  const plans = (org?.['assignedPlans'] as Value[]).map((plan, i) => (i === index && isObject(plan) ? change(plan) : plan));
  return createResource({ ...tenant, body: { ...tenant.body, properties: { ...properties, organization: [{ ...org, assignedPlans: plans }] } } });
}

describe('entraLicence', () => {
  const unknown = new Unknown("parameter 'plan' has no value");
  it('is not known when a plan that may be P1 or P2 is not known', () => {
    expect(entraLicence(tenantWith('P1', 1, (plan) => ({ ...plan, servicePlanId: unknown })))).toBeUndefined();
    expect(entraLicence(tenantWith('Free', 0, (plan) => ({ ...plan, capabilityStatus: unknown })))).toBeUndefined();
    expect(entraLicence(tenantWith('P1', 0, () => unknown))).toBeUndefined();
  });
  it('is P2 whatever else is not known, and as listed otherwise', () => {
    expect(entraLicence(tenantWith('P2', 0, () => unknown))).toBe('P2');
    expect(entraLicence(tenantWith('P1', 5, () => unknown))).toBe('P1');
    expect(entraLicence(tenantWith('Free', 5, () => unknown))).toBe('Free');
  });
});
