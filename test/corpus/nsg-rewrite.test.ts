import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { createResource, type Resource } from '../../src/model/resource.js';
import { isObject, isUnknown, type Value } from '../../src/model/value.js';
import { quickstartTemplates } from '../support/corpus.js';
import { generatedEstate } from '../support/estate.js';
import { statusesOf } from '../support/verdicts.js';

/**
 * A verdict is about what the NSGs admit, not about how their rules are written: every security
 * rule split in two rules that together admit what it admitted (its ports halved, else its source
 * prefix halved, else written twice), at adjacent priorities in the same order, must give every
 * (rule, resource) the same statuses. Found so: an allow-all rule of `rds-deployment` split in two
 * port ranges passed AZV-NET-003.
 */

type Json = Record<string, Value>;

function fullyKnown(value: Value): boolean {
  if (isUnknown(value)) return false;
  if (Array.isArray(value)) return value.every(fullyKnown);
  return isObject(value) ? Object.values(value).every((each) => fullyKnown(each as Value)) : true;
}

/** `10.0.0.0/16` as its two halves; undefined for anything else (IPv6, tags, `*`, a /32). */
function halvesOfPrefix(prefix: string): [string, string] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix);
  if (!match) return undefined;
  const [a, b, c, d, length] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (length < 1 || length > 31) return undefined;
  const base = (a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d) & -(2 ** (32 - length));
  const text = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  return [`${text(base >>> 0)}/${length + 1}`, `${text((base >>> 0) + 2 ** (31 - length))}/${length + 1}`];
}

/** Two rule bodies that together admit what `rule` admits, or undefined when only writing it twice will do. */
function halves(rule: Json): [Json, Json] | undefined {
  const list = rule['destinationPortRanges'];
  const ports =
    Array.isArray(list) && list.length > 0 ? (list as string[]) : typeof rule['destinationPortRange'] === 'string' ? [rule['destinationPortRange']] : [];
  const withPorts = (each: string[]): Json => {
    const { destinationPortRange: _, ...rest } = rule;
    return { ...rest, destinationPortRanges: each };
  };
  if (ports.length > 1) return [withPorts(ports.slice(0, ports.length >> 1)), withPorts(ports.slice(ports.length >> 1))];
  const range =
    ports[0] === '*'
      ? [0, 65535]
      : /^(\d+)-(\d+)$/
          .exec(ports[0] ?? '')
          ?.slice(1)
          .map(Number);
  if (range && (range[1] as number) > (range[0] as number)) {
    const middle = ((range[0] as number) + (range[1] as number)) >> 1;
    return [withPorts([`${range[0]}-${middle}`]), withPorts([`${middle + 1}-${range[1]}`])];
  }
  const source = rule['sourceAddressPrefix'];
  const prefixes = typeof source === 'string' ? halvesOfPrefix(source) : undefined;
  if (prefixes && !rule['sourceAddressPrefixes']) {
    const { sourceAddressPrefix: _, ...rest } = rule;
    return [
      { ...rest, sourceAddressPrefixes: [prefixes[0]] },
      { ...rest, sourceAddressPrefixes: [prefixes[1]] },
    ];
  }
  return undefined;
}

/** The NSG with each inline rule split in two, per direction in priority order; undefined when a rule is not fully known. */
function splitRules(nsg: Resource): Resource | undefined {
  const body = nsg.body as Json;
  const properties = body['properties'] as Json | undefined;
  const list = properties?.['securityRules'];
  if (!Array.isArray(list) || list.length === 0 || !fullyKnown(list)) return undefined;
  const entries = list as { name: string; properties: Json }[];
  if (entries.some((entry) => typeof entry.properties?.['priority'] !== 'number' || typeof entry.properties['direction'] !== 'string')) return undefined;
  const rewritten: Json[] = [];
  for (const direction of ['inbound', 'outbound']) {
    const ordered = entries
      .filter((entry) => String(entry.properties['direction']).toLowerCase() === direction)
      .sort((a, b) => (a.properties['priority'] as number) - (b.properties['priority'] as number));
    ordered.forEach((entry, rank) => {
      const [first, second] = halves(entry.properties) ?? [entry.properties, entry.properties];
      rewritten.push({ ...entry, name: `${entry.name}-a`, properties: { ...first, priority: 100 + 2 * rank } });
      rewritten.push({ ...entry, name: `${entry.name}-b`, properties: { ...second, priority: 101 + 2 * rank } });
    });
  }
  return createResource({
    id: nsg.id,
    type: nsg.type,
    name: nsg.name,
    body: { ...body, properties: { ...properties, securityRules: rewritten } },
    input: nsg.input,
    ...(nsg.source ? { source: nsg.source } : {}),
  });
}

/** The resources with every NSG's rules split, NSGs with rules declared apart left as they are; undefined when no NSG changed. */
function rewritten(resources: readonly Resource[]): Resource[] | undefined {
  const withChildRules = new Set(
    resources.filter((resource) => /\/securityRules$/i.test(resource.type)).map((resource) => resource.id.toLowerCase().replace(/\/securityrules\/[^/]+$/, '')),
  );
  let changed = false;
  const out = resources.map((resource) => {
    if (!/^Microsoft\.Network\/networkSecurityGroups$/i.test(resource.type) || withChildRules.has(resource.id.toLowerCase())) return resource;
    const split = splitRules(resource);
    if (split) changed = true;
    return split ?? resource;
  });
  return changed ? out : undefined;
}

function differences(resources: readonly Resource[]): string[] {
  const after = rewritten(resources);
  if (!after) return [];
  const before = statusesOf(resources);
  const found: string[] = [];
  for (const [key, status] of statusesOf(after)) if (before.get(key) !== status) found.push(`${key}: ${before.get(key)} → ${status}`);
  return found;
}

describe('NSG rules split in two equivalent rules', () => {
  it('splits ports, source prefixes and lists as expected', () => {
    expect(halvesOfPrefix('10.0.0.0/16')).toEqual(['10.0.0.0/17', '10.0.128.0/17']);
    expect(halvesOfPrefix('203.0.113.7/24')).toEqual(['203.0.113.0/25', '203.0.113.128/25']);
    expect(halvesOfPrefix('198.51.100.7/32')).toBeUndefined();
    expect(halves({ destinationPortRange: '*' })).toEqual([{ destinationPortRanges: ['0-32767'] }, { destinationPortRanges: ['32768-65535'] }]);
    expect(halves({ destinationPortRanges: ['22', '3389', '443'] })).toEqual([{ destinationPortRanges: ['22'] }, { destinationPortRanges: ['3389', '443'] }]);
    expect(halves({ destinationPortRange: '443', sourceAddressPrefix: 'Internet' })).toBeUndefined();
  });

  it('changes no verdict of the example estate', async () => {
    const { resources } = await loadInputs({ paths: ['examples'] });
    expect(rewritten(resources)).toBeDefined();
    expect(differences(resources)).toEqual([]);
  });

  it('changes no verdict of a generated estate', async () => {
    expect(differences(await generatedEstate(40))).toEqual([]);
  });

  const templates = quickstartTemplates();
  it.skipIf(templates.length === 0)('changes no verdict of a quickstart template with NSGs', { timeout: 120_000 }, async () => {
    let split = 0;
    const found: string[] = [];
    for (const template of templates) {
      const { resources } = await loadInputs({ paths: [template] });
      if (!rewritten(resources)) continue;
      split++;
      for (const difference of differences(resources)) found.push(`${path.basename(path.dirname(template))} ${difference}`);
    }
    expect(split).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });
});
