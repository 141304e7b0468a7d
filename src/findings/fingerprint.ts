import * as crypto from 'node:crypto';
import { idKey } from '../model/resource-id.js';

/** `crypto.hash` (Node 20.12 and later) is several times faster than a Hash object for one short input. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Stable across line moves and live rescans: rule id + id (case-folded) of the resource pointed
 * into + JSON pointer, and when the evaluated resource is declared in a file, the input that
 * declares it (`scope`, see {@link fingerprintScope}). Without a scope the hash is the one reports
 * have always had.
 */
export function fingerprint(ruleId: string, resourceId: string, pointer: string, scope?: string): string {
  const text = `${ruleId}\n${idKey(resourceId)}\n${pointer}`;
  return sha256Hex(scope === undefined ? text : `${text}\n${scope}`).slice(0, 32);
}

/**
 * What tells apart resources of the same id from different inputs, for fingerprints and for
 * matching a report with a baseline: the input (its path as reports show it, relative to the
 * folder the scan runs in) of a resource declared in a template, Bicep file or Terraform
 * configuration (one that has a file location). Two templates or Terraform roots can declare the same id (placeholder subscription,
 * a name built from parameters), and a finding in one is not the finding in the other. A resource
 * of a snapshot or a live scan has none: its id is unique in Azure, and a snapshot taken again
 * tomorrow, to another file, holds the same resources.
 */
export function fingerprintScope(resource: { readonly input?: string; readonly location?: unknown }): string | undefined {
  return resource.location === undefined || resource.location === null ? undefined : resource.input;
}
