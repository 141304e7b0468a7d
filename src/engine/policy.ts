import type { AttestationConfig, ResourceSelector, SuppressionConfig } from '../config/schema.js';
import { MIN_REASON_LENGTH, RULE_ID } from '../config/schema.js';
import type { AppliedSuppression, Evaluation, PolicyWarning } from '../findings/types.js';
import type { ResourceGraph } from '../model/graph.js';
import { locate, type Resource } from '../model/resource.js';
import { linearRegExp } from '../model/linear-regexp.js';
import { readSuppressionText } from '../model/suppression-text.js';
import { isObject, isUnknown, lookup, valueAt, type Value } from '../model/value.js';
import type { Severity } from '../rules/pillars.js';

/**
 * What the configuration changes in a run's evaluations: severities, accepted risks
 * (suppressions from the configuration and written inline on resources) and attestations. The
 * clock is an option (`now`): the engine never reads it. Without `now`, nothing expires.
 */
export interface PolicyOptions {
  readonly severities?: ReadonlyMap<string, Severity>;
  readonly suppressions?: readonly SuppressionConfig[];
  readonly attestations?: readonly AttestationConfig[];
  /** Today, for `expires`; set by the CLI. */
  readonly now?: Date;
  /** Where the suppressions and attestations came from, for messages: the configuration file the CLI read; `options` for a library caller's. */
  readonly configSource?: string;
}

interface Candidate {
  readonly rule: string;
  readonly reason: string;
  readonly expires?: string;
  readonly applied: AppliedSuppression;
  readonly matches: (evaluation: Evaluation) => boolean;
  readonly target: string;
  used: boolean;
}

export function applyPolicy(
  evaluations: readonly Evaluation[],
  graph: ResourceGraph,
  ranRules: ReadonlySet<string>,
  options: PolicyOptions,
): { evaluations: Evaluation[]; warnings: PolicyWarning[] } {
  const warnings: PolicyWarning[] = [];
  const today = options.now ? options.now.toISOString().slice(0, 10) : undefined;
  const expired = (expires: string | undefined): boolean => today !== undefined && expires !== undefined && expires < today;
  const configSource = options.configSource ?? 'options';

  const candidates: Candidate[] = [];
  const accept = (candidate: Omit<Candidate, 'used'>, source: string): void => {
    if (expired(candidate.expires)) {
      warnings.push({
        kind: 'suppression-expired',
        ruleId: candidate.rule,
        source,
        target: candidate.target,
        reason: candidate.reason,
        ...(candidate.expires ? { expires: candidate.expires } : {}),
      });
      return;
    }
    candidates.push({ ...candidate, used: false });
  };

  (options.suppressions ?? []).forEach((suppression, index) => {
    const source = `${configSource} suppressions[${index}]`;
    accept(
      {
        rule: suppression.rule,
        reason: suppression.reason,
        ...(suppression.expires ? { expires: suppression.expires } : {}),
        applied: { kind: 'config', reason: suppression.reason, source, ...(suppression.expires ? { expires: suppression.expires } : {}) },
        matches: (evaluation) => evaluation.ruleId === suppression.rule && selects(suppression.resource, evaluation.resource),
        target: describeSelector(suppression.resource),
      },
      source,
    );
  });

  for (const resource of inlineCarriers(graph)) {
    for (const entry of inlineSuppressions(resource)) {
      if ('problem' in entry) {
        warnings.push({ kind: 'suppression-invalid', ruleId: entry.rule ?? '', source: entry.source, target: resource.id, problem: entry.problem });
        continue;
      }
      accept(
        {
          rule: entry.rule,
          reason: entry.reason,
          ...(entry.expires ? { expires: entry.expires } : {}),
          applied: { kind: 'inline', reason: entry.reason, source: entry.source, ...(entry.expires ? { expires: entry.expires } : {}) },
          matches: (evaluation) => evaluation.ruleId === entry.rule && evaluation.resource.id.toLowerCase() === resource.id.toLowerCase(),
          target: resource.id,
        },
        entry.source,
      );
    }
  }

  const attestations = (options.attestations ?? []).map((attestation, index) => ({
    attestation,
    source: `${configSource} attestations[${index}]`,
    used: false,
  }));
  for (const entry of attestations) {
    if (expired(entry.attestation.expires)) {
      warnings.push({
        kind: 'attestation-expired',
        ruleId: entry.attestation.rule,
        source: entry.source,
        ...(entry.attestation.resource ? { target: describeSelector(entry.attestation.resource) } : {}),
        ...(entry.attestation.expires ? { expires: entry.attestation.expires } : {}),
      });
      entry.used = true;
    }
  }
  const liveAttestations = attestations.filter((entry) => !expired(entry.attestation.expires));

  // Nothing to apply (the usual case): the evaluations as they are, without a pass over millions.
  // (Every attestation has then expired, so none can be unused, and no suppression is left to be.)
  const severities = options.severities;
  if (candidates.length === 0 && liveAttestations.length === 0 && (severities === undefined || severities.size === 0)) {
    return { evaluations: evaluations.slice(), warnings };
  }
  const result = evaluations.map((evaluation): Evaluation => {
    let current = evaluation;
    const severity = severities?.get(evaluation.ruleId);
    if (severity) current = { ...current, severity };
    if (current.status === 'fail' && candidates.length > 0) {
      const match = candidates.filter((candidate) => candidate.matches(current));
      for (const candidate of match) candidate.used = true;
      const first = match[0];
      if (first) current = { ...current, suppression: first.applied };
    }
    if (current.status === 'not-assessed') {
      const match = liveAttestations.find(
        (entry) => entry.attestation.rule === current.ruleId && (!entry.attestation.resource || selects(entry.attestation.resource, current.resource)),
      );
      if (match) {
        match.used = true;
        const a = match.attestation;
        current = {
          ...current,
          status: 'attested',
          attestation: { by: a.by, date: a.date, evidence: a.evidence, ...(a.expires ? { expires: a.expires } : {}) },
        };
      }
    }
    return current;
  });

  for (const candidate of candidates) {
    if (candidate.used || !ranRules.has(candidate.rule)) continue;
    warnings.push({
      kind: 'suppression-unused',
      ruleId: candidate.rule,
      source: candidate.applied.source,
      target: candidate.target,
      reason: candidate.reason,
      ...(candidate.expires ? { expires: candidate.expires } : {}),
    });
  }
  for (const entry of attestations) {
    if (entry.used || !ranRules.has(entry.attestation.rule)) continue;
    warnings.push({
      kind: 'attestation-unused',
      ruleId: entry.attestation.rule,
      source: entry.source,
      ...(entry.attestation.resource ? { target: describeSelector(entry.attestation.resource) } : {}),
    });
  }
  return { evaluations: result, warnings };
}

/** True when every field the selector gives matches the resource (case-insensitive; globs in id and name). */
export function selects(selector: ResourceSelector, resource: { readonly id: string; readonly name: string; readonly type: string }): boolean {
  if (selector.id !== undefined && !globMatcher(selector.id, true)(resource.id)) return false;
  if (selector.name !== undefined && !globMatcher(selector.name, false)(resource.name)) return false;
  if (selector.type !== undefined && selector.type.toLowerCase() !== resource.type.toLowerCase()) return false;
  return true;
}

const matchers = new Map<string, (text: string) => boolean>();

/**
 * A glob as a case-insensitive test: `*` matches within one `/`-separated segment of an id
 * (anything in a name), `**` across segments. Matched in linear time: the globs come from a
 * configuration file in the repository, and as a backtracking regular expression `*a*a*a*a*a*a*a*ab`
 * took 30 s against one name of 60 characters.
 */
export function globMatcher(glob: string, segments: boolean): (text: string) => boolean {
  const key = `${segments ? 'id' : 'name'}\u0000${glob}`;
  let matcher = matchers.get(key);
  if (matcher) return matcher;
  let pattern = '';
  const lower = glob.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const char = lower[i] as string;
    if (char === '*' && lower[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (char === '*') pattern += segments ? '[^/]*' : '.*';
    else if (char === '?') pattern += segments ? '[^/]' : '.';
    else pattern += char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  const regExp = linearRegExp(`^${pattern}$`, 's');
  if (isUnknown(regExp)) throw new Error(`cannot match the pattern '${glob}': ${regExp.reason}`);
  matcher = (text) => regExp.test(text.toLowerCase());
  matchers.set(key, matcher);
  return matcher;
}

function describeSelector(selector: ResourceSelector): string {
  return [selector.id && `id=${selector.id}`, selector.name && `name=${selector.name}`, selector.type && `type=${selector.type}`].filter(Boolean).join(' ');
}

function inlineCarriers(graph: ResourceGraph): Resource[] {
  // A list rather than a generator: a large estate has hundreds of thousands of resources and few carriers.
  const carriers: Resource[] = [];
  for (const resource of graph.resources) if (valueAt(resource.body, METADATA) !== undefined) carriers.push(resource);
  return carriers;
}

const METADATA = ['metadata'] as const;

type InlineEntry =
  | { readonly rule: string; readonly reason: string; readonly expires?: string; readonly source: string }
  | { readonly rule?: string; readonly problem: string; readonly source: string };

/**
 * Suppressions written on a resource: `metadata.azvmsec.suppressions` (objects with rule, reason,
 * expires; Terraform comments arrive this way with their line) or `metadata.azvmsec-ignore` (the
 * same objects, or strings in the comment form `AZV-XXX-NNN reason: … expires: YYYY-MM-DD`).
 */
export function inlineSuppressions(resource: Resource): InlineEntry[] {
  const entries: InlineEntry[] = [];
  const metadata = lookup(resource.body, ['metadata']).value;
  if (!isObject(metadata)) return entries;
  const where = (pointer: string, line?: number, writtenIn?: string): string => {
    const file = writtenIn ?? resource.source?.file ?? resource.input;
    if (line !== undefined) return `${file}:${line}`;
    const location = locate(resource, pointer);
    return location ? `${location.file}:${location.line}` : file;
  };
  const lists: [Value | undefined, string][] = [
    [lookup(metadata, ['azvmsec', 'suppressions']).value, '/metadata/azvmsec/suppressions'],
    [lookup(metadata, ['azvmsec-ignore']).value, '/metadata/azvmsec-ignore'],
  ];
  for (const [list, pointer] of lists) {
    if (list === undefined) continue;
    const items = Array.isArray(list) ? list : [list];
    items.forEach((item, index) => {
      const itemPointer = Array.isArray(list) ? `${pointer}/${index}` : pointer;
      entries.push(inlineEntry(item, (line, file) => where(itemPointer, line, file)));
    });
  }
  return entries;
}

function inlineEntry(item: Value, where: (line?: number, file?: string) => string): InlineEntry {
  let rule: string | undefined;
  let reason: string | undefined;
  let expires: string | undefined;
  let line: number | undefined;
  let file: string | undefined;
  if (typeof item === 'string') {
    const read = readSuppressionText(item);
    if (!read) return { problem: 'expected "AZV-XXX-NNN reason: … [expires: YYYY-MM-DD]"', source: where() };
    rule = read.rule.toUpperCase();
    reason = read.reason;
    expires = read.expires;
  } else if (isObject(item)) {
    const text = (key: string): string | undefined => {
      const value = lookup(item, [key]).value;
      return typeof value === 'string' ? value : undefined;
    };
    rule = text('rule')?.toUpperCase();
    reason = text('reason');
    expires = text('expires');
    const at = lookup(item, ['line']).value;
    line = typeof at === 'number' ? at : undefined;
    // Set when the comment is in another file than the resource's (a Bicep file its built template was built from).
    file = text('file');
  } else {
    return { problem: 'a suppression is an object {rule, reason, expires} or a string "AZV-XXX-NNN reason: …"', source: where() };
  }
  const source = where(line, line === undefined ? undefined : file);
  if (!rule || !RULE_ID.test(rule)) return { ...(rule ? { rule } : {}), problem: 'the rule id is missing or not an AZV-XXX-NNN id', source };
  reason = reason?.trim() ?? '';
  if (reason.length < MIN_REASON_LENGTH) {
    return {
      rule,
      problem: reason === '' ? 'a reason is required: say why the risk is accepted' : `the reason must say why in at least ${MIN_REASON_LENGTH} characters`,
      source,
    };
  }
  if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return { rule, problem: 'expires must be a date as YYYY-MM-DD', source };
  return { rule, reason, ...(expires ? { expires } : {}), source };
}
