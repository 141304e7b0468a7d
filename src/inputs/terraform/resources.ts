import { EMBEDDED_CHILDREN } from '../../model/graph.js';
import type { Diagnostic } from '../../model/input.js';
import { createResource, type Resource } from '../../model/resource.js';
import { idKey, parentId, parseResourceId } from '../../model/resource-id.js';
import type { SourceLocation, SourceMap } from '../../model/source.js';
import { readSuppressionText } from '../../model/suppression-text.js';
import { escapePointerToken, findKey, isObject, isUnknown, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { armTypeOf, mappingFor, type Patch } from './mapping/index.js';
import { readShape, type ShapeSource } from './mapping/shape.js';
import { TENANT_TYPE } from './mapping/security.js';
import type { ResourceInstance } from './module.js';
import { locatePath, type ScannedBlock } from './scanner.js';

/**
 * Turns evaluated Terraform resource instances into ARM-shaped resources through the mapping
 * tables, applies association resources to their targets, attaches inline suppressions and builds
 * each resource's source map (ARM pointer → the `.tf` attribute it came from).
 */

export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  readonly expires?: string;
  readonly line?: number;
}

export interface MappingResult {
  readonly resources: Resource[];
  readonly diagnostics: Diagnostic[];
  readonly unknownValues: number;
  /** Resource instances mapped, by Terraform type. */
  readonly mapped: Record<string, number>;
  /** Resource instances without a mapping, by Terraform type (counted and listed, not errors). */
  readonly unmapped: Record<string, number>;
}

interface Draft {
  id: string;
  type: string;
  body: ValueObject;
  instance: ResourceInstance;
  /** ARM pointer → where it was written. */
  sources: Map<string, SourceLocation>;
}

const SUPPRESSION = /^azvmsec:ignore\s+/i;

/** Terraform types that hold VMs azvmsec does not read: their VMs are missing from the scan. */
const UNREAD_VM_TYPES: Readonly<Record<string, string>> = {
  azurerm_dev_test_linux_virtual_machine: 'a DevTest Labs VM',
  azurerm_dev_test_windows_virtual_machine: 'a DevTest Labs VM',
};

/**
 * What an input says of the resource types without a mapping: listed (not checked), and a warning
 * for those that hold VMs, so that an input whose VMs were not read is not reported clean.
 */
export function unmappedDiagnostics(unmapped: Readonly<Record<string, number>>): Diagnostic[] {
  const types = Object.keys(unmapped).sort();
  if (types.length === 0) return [];
  const out: Diagnostic[] = [
    { severity: 'info', message: `Resource types azvmsec does not map (not checked): ${types.map((type) => `${type} (${unmapped[type]})`).join(', ')}` },
  ];
  for (const type of types) {
    const what = UNREAD_VM_TYPES[type];
    if (what !== undefined)
      out.push({ severity: 'warning', message: `${type} (${what}) is not read: the VMs of its ${unmapped[type]} instance(s) are not checked` });
  }
  return out;
}

/** Reads `# azvmsec:ignore AZV-XXX-NNN reason: … [expires: YYYY-MM-DD]` comments above a block. */
export function parseSuppressions(block: ScannedBlock | undefined): { suppressions: Suppression[]; problems: string[] } {
  const suppressions: Suppression[] = [];
  const problems: string[] = [];
  if (!block) return { suppressions, problems };
  const first = block.position.line - block.comments.length;
  block.comments.forEach((comment, index) => {
    if (!/^azvmsec:ignore\b/i.test(comment)) return;
    const marker = SUPPRESSION.exec(comment);
    const read = marker ? readSuppressionText(comment.slice(marker[0].length)) : undefined;
    if (!read) {
      problems.push(`line ${first + index}: suppression comment not understood (expected "azvmsec:ignore AZV-XXX-NNN reason: … [expires: YYYY-MM-DD]")`);
      return;
    }
    suppressions.push({
      rule: read.rule.toUpperCase(),
      reason: (read.reason ?? '').trim(),
      ...(read.expires ? { expires: read.expires } : {}),
      line: first + index,
    });
  });
  return { suppressions, problems };
}

export function mapInstances(instances: readonly ResourceInstance[], input: string): MappingResult {
  const diagnostics: Diagnostic[] = [];
  const mapped: Record<string, number> = {};
  const unmapped: Record<string, number> = {};
  const drafts: Draft[] = [];
  const patches: { patch: Patch; instance: ResourceInstance }[] = [];

  for (const instance of instances) {
    const mapping = mappingFor(instance.type);
    if (!mapping) {
      unmapped[instance.type] = (unmapped[instance.type] ?? 0) + 1;
      continue;
    }
    mapped[instance.type] = (mapped[instance.type] ?? 0) + 1;
    const sources = new Map<string, SourceLocation>();
    const id = mapping.id(instance.attrs, instance.ctx);
    const ctx = { ...instance.ctx, resourceId: id };
    const record = (pointer: string, path: readonly (string | number)[]): void => {
      if (!instance.block) return;
      const at = locatePath(instance.block, path);
      sources.set(pointer, { file: instance.file, line: at.line, column: at.column });
    };
    const source: ShapeSource = { attrs: instance.attrs, path: [], ctx, record };
    const note = mapping.note?.(instance.attrs, ctx);
    if (note)
      diagnostics.push({
        severity: 'info',
        message: `${instance.file}: ${instance.address}: ${note}`,
        ...(instance.block ? { line: instance.block.position.line } : {}),
      });
    for (const patch of mapping.patches?.(source) ?? []) patches.push({ patch, instance });
    const type = armTypeOf(mapping, instance.attrs);
    if (mapping.type && !type) {
      diagnostics.push({
        severity: 'warning',
        message: `${instance.file}: ${instance.address}: its ARM type is not known here (${describeType(instance.attrs['type'])}): not checked`,
        ...(instance.block ? { line: instance.block.position.line } : {}),
      });
      continue;
    }
    if (!type || !mapping.body) continue;
    const body = readShape(mapping.body, source);
    mapping.finish?.(body, source);
    const parsed = parseResourceId(id);
    const fullName = parsed?.name ?? instance.ctx.fallbackName;
    const ordered: ValueObject = { id, name: fullName, type, ...body };
    const { suppressions, problems } = parseSuppressions(instance.block);
    for (const problem of problems) diagnostics.push({ severity: 'warning', message: `${instance.file}: ${problem}` });
    if (suppressions.length > 0) {
      const metadata = isObject(ordered['metadata']) ? ordered['metadata'] : {};
      ordered['metadata'] = { ...metadata, azvmsec: { suppressions: suppressions.map((s) => ({ ...s }) as unknown as ValueObject) } };
    }
    drafts.push({ id, type, body: ordered, instance, sources });
  }

  applyPatches(drafts, patches, diagnostics);
  const merged = mergeTenants(drafts);

  let unknownValues = 0;
  const resources = merged.map((draft) => {
    unknownValues += countUnknown(draft.body);
    const parsed = parseResourceId(draft.id);
    return createResource({
      id: draft.id,
      type: draft.type,
      name: parsed?.name ?? draft.instance.ctx.fallbackName,
      body: draft.body,
      input,
      source: sourceMap(draft),
    });
  });
  return { resources, diagnostics, unknownValues, mapped, unmapped };
}

function sourceMap(draft: Draft): SourceMap {
  const { instance, sources } = draft;
  const fallback: SourceLocation = { file: instance.file, line: instance.block?.position.line ?? 1, column: instance.block?.position.column ?? 1 };
  return {
    file: instance.file,
    locate(pointer: string): SourceLocation | undefined {
      const exact = sources.get(pointer);
      if (exact) return exact;
      // An object the mapping builds from several blocks (a backup policy's retentionPolicy) is where
      // the first of them is written; a top-level property left out is better shown at the block header.
      if (pointer.split('/').length > 2) {
        let first: SourceLocation | undefined;
        for (const [written, at] of sources) {
          if (written.startsWith(`${pointer}/`) && (!first || at.line < first.line || (at.line === first.line && at.column < first.column))) first = at;
        }
        if (first) return first;
      }
      for (let current = pointer; current !== '';) {
        current = current.slice(0, current.lastIndexOf('/'));
        const found = sources.get(current);
        if (found) return found;
      }
      return fallback;
    },
  };
}

function applyPatches(drafts: Draft[], patches: { patch: Patch; instance: ResourceInstance }[], diagnostics: Diagnostic[]): void {
  const byKey = new Map<string, Draft>();
  for (const draft of drafts) if (!byKey.has(idKey(draft.id))) byKey.set(idKey(draft.id), draft);
  for (const { patch, instance } of patches) {
    const where = `${instance.file}: ${instance.address}`;
    if (isUnknown(patch.target)) {
      diagnostics.push({ severity: 'info', message: `${where}: the association's target is not known (${patch.target.reason}); not applied` });
      continue;
    }
    if (typeof patch.target !== 'string') continue;
    const location: SourceLocation | undefined = instance.block ? { file: instance.file, ...locatePath(instance.block, patch.from) } : undefined;
    let draft = byKey.get(idKey(patch.target));
    let base = '';
    let container: ValueObject | undefined = draft?.body;
    if (!draft) {
      // A child written inline in its parent (a subnet block of a VNet).
      const parent = parentId(patch.target);
      const parentDraft = parent ? byKey.get(idKey(parent)) : undefined;
      const collection = EMBEDDED_CHILDREN[parseResourceId(patch.target)?.type.toLowerCase() ?? ''];
      const name = patch.target.split('/').pop();
      const properties = parentDraft?.body['properties'];
      if (parentDraft && collection && isObject(properties)) {
        const key = findKey(properties, collection);
        const list = key === undefined ? undefined : properties[key];
        const index = Array.isArray(list)
          ? list.findIndex((item) => isObject(item) && typeof item['name'] === 'string' && item['name'].toLowerCase() === name?.toLowerCase())
          : -1;
        if (Array.isArray(list) && index >= 0) {
          draft = parentDraft;
          container = list[index] as ValueObject;
          base = `/properties/${escapePointerToken(key as string)}/${index}`;
        }
      }
    }
    if (!draft || !container) {
      diagnostics.push({ severity: 'info', message: `${where}: ${patch.target} is not in the configuration; the association is not applied` });
      continue;
    }
    const targets: { object: ValueObject; pointer: string }[] = [];
    if (patch.select) {
      const list = lookupPath(container, patch.select.collection);
      if (Array.isArray(list)) {
        list.forEach((item, index) => {
          if (!isObject(item)) return;
          const name = patch.select?.name;
          if (
            name === undefined ||
            name === null ||
            (typeof name === 'string' && typeof item['name'] === 'string' && item['name'].toLowerCase() === name.toLowerCase())
          )
            targets.push({ object: item, pointer: `${base}/${patch.select?.collection.map(escapePointerToken).join('/')}/${index}` });
        });
      }
      if (targets.length === 0) {
        diagnostics.push({ severity: 'info', message: `${where}: IP configuration ${String(patch.select.name)} not found on ${patch.target}; not applied` });
        continue;
      }
    } else targets.push({ object: container, pointer: base });
    for (const target of targets) {
      let object = target.object;
      let pointer = target.pointer;
      patch.path.slice(0, -1).forEach((step) => {
        const key = findKey(object, step) ?? step;
        if (!isObject(object[key])) object[key] = {};
        object = object[key] as ValueObject;
        pointer += `/${escapePointerToken(key)}`;
      });
      const last = patch.path[patch.path.length - 1] as string;
      const key = findKey(object, last) ?? last;
      pointer += `/${escapePointerToken(key)}`;
      if (patch.append) {
        const existing = object[key];
        const list = Array.isArray(existing) ? existing : [];
        if (location) draft.sources.set(`${pointer}/${list.length}`, location);
        object[key] = [...list, patch.value];
      } else {
        object[key] = patch.value;
        if (location) draft.sources.set(pointer, location);
      }
    }
  }
}

function lookupPath(object: ValueObject, path: readonly string[]): Value | undefined {
  let value: Value | undefined = object;
  for (const step of path) {
    if (!isObject(value)) return undefined;
    const key = findKey(value, step);
    value = key === undefined ? undefined : value[key];
  }
  return value;
}

/** Conditional Access policies all belong to one tenant resource. */
function mergeTenants(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  let tenant: Draft | undefined;
  for (const draft of drafts) {
    if (draft.type !== TENANT_TYPE) {
      out.push(draft);
      continue;
    }
    if (!tenant) {
      tenant = draft;
      out.push(draft);
      continue;
    }
    const mine = (tenant.body['properties'] as ValueObject)['conditionalAccessPolicies'];
    const theirs = isObject(draft.body['properties']) ? draft.body['properties']['conditionalAccessPolicies'] : undefined;
    (tenant.body['properties'] as ValueObject)['conditionalAccessPolicies'] = [...(Array.isArray(mine) ? mine : []), ...(Array.isArray(theirs) ? theirs : [])];
  }
  return out;
}

function describeType(value: Value | undefined): string {
  if (isUnknown(value)) return value.reason;
  return value === undefined ? 'no type attribute' : `type ${JSON.stringify(value)}`;
}

export function countUnknown(value: Value | undefined): number {
  if (value instanceof Unknown) return 1;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countUnknown(item), 0);
  if (isObject(value)) return Object.values(value).reduce<number>((sum, item) => sum + countUnknown(item), 0);
  return 0;
}
