import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ENTRA_TENANT_TYPE } from '../../src/model/entra.js';
import { createResource, type Resource } from '../../src/model/resource.js';
import { isUnknown, setMember, type Value, type ValueObject } from '../../src/model/value.js';
import { quickstartTemplates } from '../support/corpus.js';
import { generatedEstate } from '../support/estate.js';
import { statusesOf } from '../support/verdicts.js';

/**
 * ARM reads property names case-insensitively: a template may write `Properties` or
 * `SECURITYRULES`, and an export may spell them as its tool does. The same resources with every
 * property name recased must get the same verdicts. The Entra data, read with the property names
 * Microsoft Graph writes, is left as it is. Found so: NSG rules, child resources written
 * inline, NIC IP configurations and VM identities were read only under their usual spelling, so
 * that `Properties` in a template turned exposure verdicts to unknown and some failures to passes.
 */

type Recase = (name: string) => string;
const CASINGS: Readonly<Record<string, Recase>> = {
  PascalCase: (name) => name.charAt(0).toUpperCase() + name.slice(1),
  'upper case': (name) => name.toUpperCase(),
  'lower case': (name) => name.toLowerCase(),
};

/** Keys that are data, not property names: tags, and identities keyed by their resource id. */
const DATA_KEYS = new Set(['tags', 'userassignedidentities']);

function recased(value: Value, recase: Recase): Value {
  if (isUnknown(value) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => recased(item, recase));
  const out: ValueObject = {};
  for (const [key, item] of Object.entries(value)) setMember(out, recase(key), DATA_KEYS.has(key.toLowerCase()) ? item : recased(item, recase));
  return out;
}

function differences(resources: readonly Resource[]): string[] {
  const before = statusesOf(resources);
  const found: string[] = [];
  for (const [casing, recase] of Object.entries(CASINGS)) {
    const changed = resources.map((resource) =>
      resource.type === ENTRA_TENANT_TYPE
        ? resource
        : createResource({
            id: resource.id,
            type: resource.type,
            name: resource.name,
            body: recased(resource.body, recase) as ValueObject,
            input: resource.input,
          }),
    );
    for (const [key, verdict] of statusesOf(changed)) if (before.get(key) !== verdict) found.push(`${casing}: ${key}: ${before.get(key)} → ${verdict}`);
  }
  return found;
}

describe('the case of property names', () => {
  it('changes no verdict of the example estate', async () => {
    const { resources } = await loadInputs({ paths: ['examples'] });
    expect(differences(resources)).toEqual([]);
  });

  it('changes no verdict of a generated estate', async () => {
    expect(differences(await generatedEstate(8))).toEqual([]);
  });

  const templates = quickstartTemplates().filter((_, index) => index % 12 === 0);
  it.skipIf(templates.length === 0)('changes no verdict of every 12th quickstart template', { timeout: 120_000 }, async () => {
    const found: string[] = [];
    for (const template of templates) {
      const { resources } = await loadInputs({ paths: [template] });
      for (const difference of differences(resources)) found.push(`${path.basename(path.dirname(template))} ${difference}`);
    }
    expect(found).toEqual([]);
  });
});
