import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../../analyses/analyses.js';
import { defaultOptions, evaluate } from '../../../engine/run.js';
import { expandTemplate } from '../../../inputs/arm/expand.js';
import { parseJson } from '../../../inputs/json/parse.js';
import { ResourceGraph } from '../../../model/graph.js';
import type { Rule } from '../../define-rule.js';
import diskCmk from '../../vm/disk-customer-managed-keys/rule.js';
import adeRetirement from '../../vm/azure-disk-encryption-retirement/rule.js';
import keyVaultRecoverable from './rule.js';

/**
 * Agreement with KICS's labelled ARM fixtures (kept beside AZV-REC-008, the rule KICS's Key Vault query matches) for the queries that assert what one of our VM or
 * recovery rules asserts. A KICS positive should make our rule fail; a negative should make it
 * pass. Every file where we differ is listed in KNOWN with the reason; a new difference, or a
 * listed one that went away, fails the test. (The Bicep twins wait for the Bicep reader.)
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/kics-azure');
const queriesDir = path.join(corpus, 'assets/queries/azureResourceManager');

const PAIRS: readonly { query: string; rule: Rule }[] = [
  { query: 'key_vault_not_recoverable', rule: keyVaultRecoverable },
  { query: 'azure_managed_disk_without_encryption', rule: diskCmk },
  { query: 'azure_managed_disk_without_encryption', rule: adeRetirement },
];

/**
 * Agreement per (query, rule) on the JSON fixtures. AZV-REC-008 agrees on every deployment
 * template; AZV-VM-003 agrees on the templates KICS flags (no key of one's own) and differs on its
 * ADE negative; AZV-VM-005 is the deliberate opposite of the KICS query.
 */
const FIGURES = [
  'key_vault_not_recoverable × AZV-REC-008: 4/7',
  'azure_managed_disk_without_encryption × AZV-VM-003: 2/6',
  'azure_managed_disk_without_encryption × AZV-VM-005: 0/6',
];

const ADE_IS_RETIRING =
  'KICS asks for Azure Disk Encryption (encryptionSettingsCollection.enabled); ADE retires on 15 Sep 2028, so AZV-VM-005 flags ADE use and passes disks without it: deliberate, opposite intent';

const BLUEPRINT = 'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it';

/** Disagreements by `query/file × rule id`, with why. */
const KNOWN: Readonly<Record<string, string>> = {
  'key_vault_not_recoverable/positive3.json × AZV-REC-008': BLUEPRINT,
  'key_vault_not_recoverable/positive4.json × AZV-REC-008': BLUEPRINT,
  'key_vault_not_recoverable/negative2.json × AZV-REC-008': BLUEPRINT,
  'azure_managed_disk_without_encryption/positive3.json × AZV-VM-003': BLUEPRINT,
  'azure_managed_disk_without_encryption/positive4.json × AZV-VM-003': BLUEPRINT,
  'azure_managed_disk_without_encryption/negative1.json × AZV-VM-003':
    'ADE alone (no disk encryption set) is not customer-managed server-side encryption: AZV-VM-003 asks for a disk encryption set',
  'azure_managed_disk_without_encryption/negative2.json × AZV-VM-003': BLUEPRINT,
  'azure_managed_disk_without_encryption/positive1.json × AZV-VM-005': ADE_IS_RETIRING,
  'azure_managed_disk_without_encryption/positive2.json × AZV-VM-005': ADE_IS_RETIRING,
  'azure_managed_disk_without_encryption/positive3.json × AZV-VM-005': BLUEPRINT,
  'azure_managed_disk_without_encryption/positive4.json × AZV-VM-005': BLUEPRINT,
  'azure_managed_disk_without_encryption/negative1.json × AZV-VM-005': ADE_IS_RETIRING,
  'azure_managed_disk_without_encryption/negative2.json × AZV-VM-005': BLUEPRINT,
};

function verdict(rule: Rule, file: string): string {
  const read = expandTemplate(parseJson(readFileSync(file, 'utf8')), { file });
  const graph = new ResourceGraph(read.resources);
  const analyses = new Analyses(graph);
  const statuses = rule.resourceTypes.flatMap((type) => graph.ofType(type)).map((resource) => evaluate(rule, resource, analyses, defaultOptions(rule)).status);
  if (statuses.includes('fail')) return 'fail';
  if (statuses.length > 0 && statuses.every((status) => status === 'pass')) return 'pass';
  return statuses.join(',') || 'nothing evaluated';
}

describe.skipIf(!existsSync(queriesDir))('KICS agreement: VM and recovery rules', () => {
  const figures: string[] = [];
  const disagreements = new Map<string, string>();
  for (const { query, rule } of PAIRS) {
    const folder = path.join(queriesDir, query, 'test');
    const files = existsSync(folder)
      ? readdirSync(folder)
          .filter((file) => /^(positive|negative)\d*\.json$/.test(file))
          .sort()
      : [];
    let agree = 0;
    for (const file of files) {
      const expected = file.startsWith('positive') ? 'fail' : 'pass';
      const actual = verdict(rule, path.join(folder, file));
      if (actual === expected) agree++;
      else disagreements.set(`${query}/${file} × ${rule.id}`, actual);
    }
    figures.push(`${query} × ${rule.id}: ${agree}/${files.length}`);
  }

  it('agrees as recorded', () => {
    expect(figures).toEqual(FIGURES);
  });

  it('disagrees only where a reason is recorded', () => {
    expect([...disagreements.keys()].sort()).toEqual(Object.keys(KNOWN).sort());
  });
});
