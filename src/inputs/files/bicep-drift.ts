import path from 'node:path';
import type { Diagnostic } from '../../model/input.js';
import { locate, type Resource } from '../../model/resource.js';
import { readSuppressionText } from '../../model/suppression-text.js';
import { isObject, isUnknown, type Value, type ValueObject } from '../../model/value.js';
import { builtByBicep } from '../arm/detect.js';

/**
 * The Bicep file each template Bicep built was built from, where the scan holds both: `x.json`
 * beside `x.bicep`, or the quickstart habit, `azuredeploy.json` beside `main.bicep`.
 */
export function bicepSources(bicepFiles: readonly string[], templates: readonly { file: string; document?: { value: unknown } }[]): Map<string, string> {
  const sources = new Map<string, string>();
  const bicep = new Set(bicepFiles);
  for (const template of templates) {
    if (!template.document || !builtByBicep(template.document.value)) continue;
    const folder = path.dirname(template.file);
    const candidates = [
      template.file.replace(/\.json$/i, '.bicep'),
      ...(path.basename(template.file) === 'azuredeploy.json' ? [path.join(folder, 'main.bicep')] : []),
    ];
    const source = candidates.find((candidate) => bicep.has(candidate));
    if (source !== undefined) sources.set(template.file, source);
  }
  return sources;
}

/**
 * The suppression comments of a Bicep file, given to the same resources of the template built from
 * it: the checks read the built template, and a build leaves comments out. Each keeps its place in
 * the Bicep file.
 */
export function carrySuppressions(built: readonly Resource[], source: readonly Resource[]): void {
  const byKey = new Map(built.map((resource) => [resourceKey(resource), resource]));
  for (const resource of source) {
    const metadata = resource.body['metadata'];
    const comments = isObject(metadata) ? metadata['azvmsec-ignore'] : undefined;
    const target = byKey.get(resourceKey(resource));
    if (!Array.isArray(comments) || target === undefined) continue;
    const entries = comments.map((comment, index): Value => {
      const read = typeof comment === 'string' ? readSuppressionText(comment) : undefined;
      const place = locate(resource, `/metadata/azvmsec-ignore/${index}`);
      if (!read || !place) return comment;
      return { rule: read.rule, reason: read.reason ?? '', ...(read.expires ? { expires: read.expires } : {}), file: place.file, line: place.line };
    });
    const own = isObject(target.body['metadata']) ? target.body['metadata'] : {};
    const existing = own['azvmsec-ignore'];
    const kept: Value[] = Array.isArray(existing) ? existing : existing === undefined ? [] : [existing];
    (target.body as ValueObject)['metadata'] = { ...own, 'azvmsec-ignore': [...kept, ...entries] };
  }
}

/** A resource as both templates name it: its type and id, without regard to case. */
function resourceKey(resource: Resource): string {
  return `${resource.type} ${resource.id}`.toLowerCase();
}

/** Resources said in a diagnostic, at most. */
const LISTED = 3;

/**
 * A warning when a template Bicep built is not what its Bicep file builds now: resources one
 * declares and the other does not, or a resource whose settings differ. The checks read the built
 * template (it is what gets deployed); the warning says to rebuild it.
 */
export function driftDiagnostic(
  built: { display: string; resources: readonly Resource[] },
  source: { display: string; resources: readonly Resource[] },
): Diagnostic | undefined {
  // A resource whose name is not known is named by its expression, which two compilers write apart.
  const named = (resources: readonly Resource[]): Map<string, Resource> =>
    new Map(resources.filter((resource) => !resource.id.includes('[')).map((resource) => [resourceKey(resource), resource]));
  const builtBy = named(built.resources);
  const sourceBy = named(source.resources);
  const missing = [...sourceBy.keys()].filter((k) => !builtBy.has(k)).map((k) => (sourceBy.get(k) as Resource).id);
  const extra = [...builtBy.keys()].filter((k) => !sourceBy.has(k)).map((k) => (builtBy.get(k) as Resource).id);
  const changed = [...builtBy.keys()]
    .filter((k) => sourceBy.has(k) && settings((builtBy.get(k) as Resource).body) !== settings((sourceBy.get(k) as Resource).body))
    .map((k) => (builtBy.get(k) as Resource).id);
  if (missing.length + extra.length + changed.length === 0) return undefined;
  const list = (ids: readonly string[]): string =>
    `${ids
      .slice(0, LISTED)
      .map((id) => id.split('/').slice(-2).join('/'))
      .join(', ')}${ids.length > LISTED ? `, and ${ids.length - LISTED} more` : ''}`;
  const parts = [
    missing.length > 0 ? `lacks ${missing.length} resource(s) it declares (${list(missing)})` : undefined,
    extra.length > 0 ? `holds ${extra.length} it no longer declares (${list(extra)})` : undefined,
    changed.length > 0 ? `sets ${changed.length} resource(s) otherwise (${list(changed)})` : undefined,
  ].filter((part): part is string => part !== undefined);
  // Resources one has and the other has not are a warning; settings alone (line ends, a newer API
  // version) may be how the build was made, so they are an info.
  return {
    severity: missing.length + extra.length > 0 ? 'warning' : 'info',
    message: `Not what ${source.display} builds today: it ${parts.join(', ')}. The checks read this template; rebuild it (az bicep build) to check the Bicep file's resources`,
  };
}

/**
 * A resource's settings as comparable text: values not known are alike whatever their reason. Its
 * id and type are compared apart (without regard to case), its `scope` is in its id (written
 * relative or whole), and its `metadata` holds suppression comments, which a build leaves out.
 */
function settings(body: Value | undefined): string {
  const { id: _id, type: _type, scope: _scope, metadata: _metadata, ...rest } = (body ?? {}) as Record<string, Value>;
  return JSON.stringify(rest, (_, item: unknown) => {
    if (isUnknown(item as Value)) return '(unknown)';
    // Line ends as the file was checked out (a build on Windows keeps CRLF), and members in any order.
    if (typeof item === 'string') return lineEnds(item);
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.keys(item)
          .sort()
          .map((key) => [key, (item as Record<string, unknown>)[key]]),
      );
    }
    return item;
  });
}

/**
 * Text as compared: resource ids without regard to case (as Azure reads them), LF line ends (a build
 * on Windows keeps CRLF), in base64 text (custom data) too.
 */
function lineEnds(text: string): string {
  if (/^\/(subscriptions|providers)\//i.test(text)) return text.toLowerCase();
  if (text.length >= 8 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    const decoded = Buffer.from(text, 'base64').toString('utf8');
    if (Buffer.from(decoded, 'utf8').toString('base64') === text) return `base64:${decoded.replace(/\r\n/g, '\n')}`;
  }
  return text.replace(/\r\n/g, '\n');
}
