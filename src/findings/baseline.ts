import { z } from 'zod';
import { once } from '../model/memo.js';
import { PILLARS, SEVERITIES } from '../rules/pillars.js';
import { fingerprint, fingerprintScope } from './fingerprint.js';
import type { Evaluation, Report } from './types.js';

/**
 * Baselines and diffs read earlier JSON reports (`--format json`). Only the fields they need are
 * checked, so reports of other versions with the same schema major version still compare.
 * Evaluations are matched by rule id + resource id (case-insensitive), and for a resource declared
 * in a file by its input too (see {@link fingerprintScope}: two templates can declare the same id);
 * within one, findings are compared by their stable fingerprints, never by line numbers. The
 * schema is built on first use: a scan without a baseline does not pay for it at start-up.
 */
const previousReportSchema = once(() =>
  z.object({
    schemaVersion: z.string().regex(/^1\./, { message: 'a JSON report of schema version 1.x (azvmsec scan --format json)' }),
    evaluations: z.array(
      z.object({
        ruleId: z.string(),
        title: z.string().optional(),
        pillar: z.enum(PILLARS).optional(),
        severity: z.enum(SEVERITIES).optional(),
        status: z.string(),
        resource: z.object({ id: z.string(), name: z.string().optional(), input: z.string().optional(), location: z.unknown().optional() }),
        findings: z.array(
          z.object({
            fingerprint: z.string(),
            resourceId: z.string().optional(),
            location: z.object({ pointer: z.string().optional() }).optional(),
          }),
        ),
        suppression: z.unknown().optional(),
      }),
    ),
    summary: z.array(z.object({ pillar: z.enum(PILLARS), score: z.number().nullable() })).optional(),
  }),
);

export type PreviousReport = z.infer<ReturnType<typeof previousReportSchema>>;
type PreviousEvaluation = PreviousReport['evaluations'][number];

/**
 * What a baseline or a diff keeps of each element of a report's top-level arrays, as the report is
 * read: of an evaluation, the fields above (messages and data are left behind; the input, the
 * location and each finding's resource id and pointer only for a resource declared in a file, see
 * {@link comparablePrints}); of an exposure entry, nothing. A 50,000-VM report is 1.4 GB, most of
 * it neither.
 */
export function previousReportElement(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if ('vm' in record && !('ruleId' in record)) return null;
  if (!('ruleId' in record) || !Array.isArray(record['findings'])) return value;
  const { ruleId, title, pillar, severity, status, resource, suppression } = record;
  const located = typeof resource === 'object' && resource !== null && (resource as Record<string, unknown>)['location'] != null;
  const findings = (record['findings'] as unknown[]).map((finding) => {
    if (typeof finding !== 'object' || finding === null || !('fingerprint' in finding)) return finding;
    const { fingerprint, resourceId, location } = finding as Record<string, unknown>;
    if (!located) return { fingerprint };
    const pointer = typeof location === 'object' && location !== null ? (location as Record<string, unknown>)['pointer'] : undefined;
    return { fingerprint, resourceId, location: { pointer } };
  });
  const kept: Record<string, unknown> = { ruleId, title, pillar, severity, status, findings, suppression };
  if (typeof resource === 'object' && resource !== null) {
    const { id, name, input, location } = resource as Record<string, unknown>;
    kept['resource'] = located ? { id, name, input, location } : { id, name };
  } else kept['resource'] = resource;
  for (const key of Object.keys(kept)) if (kept[key] === undefined) delete kept[key];
  return kept;
}

export function parsePreviousReport(value: unknown): { ok: true; report: PreviousReport } | { ok: false; message: string } {
  const parsed = previousReportSchema().safeParse(value);
  if (parsed.success) return { ok: true, report: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `not an azvmsec JSON report: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}` };
}

/** What matches an evaluation with its earlier self: rule, resource id and, for a resource declared in a file, its input (`scope`). */
export function evaluationKey(ruleId: string, resourceId: string, scope?: string): string {
  const key = `${ruleId}\n${resourceId.toLowerCase()}`;
  return scope === undefined ? key : `${key}\n${scope}`;
}

function keyOf(evaluation: {
  readonly ruleId: string;
  readonly resource: { readonly id: string; readonly input?: string; readonly location?: unknown };
}): string {
  return evaluationKey(evaluation.ruleId, evaluation.resource.id, fingerprintScope(evaluation.resource));
}

/** A finding as a comparison reads it, of this scan or of an earlier report. */
interface ComparedFinding {
  readonly fingerprint: string;
  readonly resourceId?: string;
  readonly location?: { readonly pointer?: string };
}

/**
 * The findings of two matched evaluations as two sorted lists of distinct fingerprints of one kind.
 * For a resource declared in a file (`scoped`: the evaluations were matched by input too), the
 * fingerprints are computed again without the input, from the resource id and pointer each finding
 * keeps: the same comparison within one input, and reports written before fingerprints held the
 * input (a baseline of a template scan) still match. Else, or when a side lacks what that needs,
 * the fingerprints as written.
 */
function comparablePrints(ruleId: string, scoped: boolean, a: readonly ComparedFinding[], b: readonly ComparedFinding[]): [string[], string[]] {
  if (scoped) {
    const ua = unscopedPrints(ruleId, a);
    const ub = unscopedPrints(ruleId, b);
    if (ua && ub) return [ua, ub];
  }
  return [distinct(a.map((f) => f.fingerprint)), distinct(b.map((f) => f.fingerprint))];
}

function unscopedPrints(ruleId: string, findings: readonly ComparedFinding[]): string[] | undefined {
  const prints: string[] = [];
  for (const finding of findings) {
    const pointer = finding.location?.pointer;
    if (finding.resourceId === undefined || pointer === undefined) return undefined;
    prints.push(fingerprint(ruleId, finding.resourceId, pointer));
  }
  return distinct(prints);
}

function distinct(prints: readonly string[]): string[] {
  return [...new Set(prints)].sort();
}

function samePrints([a, b]: [string[], string[]]): boolean {
  return a.length === b.length && a.every((print, index) => print === b[index]);
}

/**
 * Keeps only evaluations that are new or changed since the baseline (status or finding
 * fingerprints differ), marks them, and counts what was left out and what was resolved.
 * Not-applicable evaluations are not in JSON reports, so they never count as new.
 */
export function applyBaseline(report: Report, baseline: PreviousReport, file: string): Report {
  const previous = new Map<string, PreviousEvaluation>();
  for (const evaluation of baseline.evaluations) previous.set(keyOf(evaluation), evaluation);
  const kept: Evaluation[] = [];
  let unchanged = 0;
  let added = 0;
  let changed = 0;
  const seen = new Set<string>();
  const notFailing = new Set<string>();
  for (const evaluation of report.evaluations) {
    const key = keyOf(evaluation);
    seen.add(key);
    if (evaluation.status !== 'fail') notFailing.add(key);
    if (evaluation.status === 'not-applicable') continue;
    const before = previous.get(key);
    if (!before) {
      kept.push({ ...evaluation, baseline: 'new' });
      added++;
    } else if (
      before.status !== evaluation.status ||
      !samePrints(comparablePrints(evaluation.ruleId, fingerprintScope(evaluation.resource) !== undefined, before.findings, evaluation.findings))
    ) {
      kept.push({ ...evaluation, baseline: 'changed' });
      changed++;
    } else unchanged++;
  }
  const resolved = baseline.evaluations.filter((before) => {
    if (before.status !== 'fail') return false;
    const key = keyOf(before);
    if (!seen.has(key)) return true;
    return notFailing.has(key);
  }).length;
  return { ...report, evaluations: kept, baseline: { file, new: added, changed, unchanged, resolved } };
}

/** One evaluation as the diff shows it. */
export interface DiffEntry {
  readonly ruleId: string;
  readonly title?: string;
  readonly severity?: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly before?: string;
  readonly after?: string;
}

export interface ReportDiff {
  /** Now failing: new failures, or failing where it passed or was undecided. */
  readonly regressed: DiffEntry[];
  /** No longer failing: passing, gone, or with fewer findings. */
  readonly improved: DiffEntry[];
  /** Still failing, with different findings. */
  readonly changed: DiffEntry[];
  readonly unchangedFailures: number;
  readonly scores: { readonly pillar: string; readonly before: number | null; readonly after: number | null }[];
}

/** What improved and what regressed between two JSON reports. */
export function diffReports(before: PreviousReport, after: PreviousReport): ReportDiff {
  const old = new Map(before.evaluations.map((e) => [keyOf(e), e]));
  const now = new Map(after.evaluations.map((e) => [keyOf(e), e]));
  const entry = (e: PreviousEvaluation, b?: string, a?: string): DiffEntry => ({
    ruleId: e.ruleId,
    ...(e.title ? { title: e.title } : {}),
    ...(e.severity ? { severity: e.severity } : {}),
    resourceId: e.resource.id,
    ...(e.resource.name ? { resourceName: e.resource.name } : {}),
    ...(b ? { before: b } : {}),
    ...(a ? { after: a } : {}),
  });
  const failing = (e: PreviousEvaluation | undefined): boolean => e?.status === 'fail' && e.suppression === undefined;
  const regressed: DiffEntry[] = [];
  const improved: DiffEntry[] = [];
  const changed: DiffEntry[] = [];
  let unchangedFailures = 0;
  for (const [key, a] of now) {
    const b = old.get(key);
    if (failing(a) && !failing(b)) regressed.push(entry(a, b?.status, a.status));
    else if (failing(a) && failing(b)) {
      const prints = comparablePrints(a.ruleId, fingerprintScope(a.resource) !== undefined, a.findings, b?.findings ?? []);
      const [fa, fb] = prints;
      if (samePrints(prints)) unchangedFailures++;
      else if (a.findings.length < (b?.findings.length ?? 0) && fa.every((f) => fb.includes(f))) improved.push(entry(a, 'fail', 'fail'));
      else changed.push(entry(a, 'fail', 'fail'));
    } else if (!failing(a) && failing(b) && b) improved.push(entry(a, b.status, a.status));
  }
  for (const [key, b] of old) if (!now.has(key) && failing(b)) improved.push(entry(b, b.status, undefined));
  const score = (report: PreviousReport, pillar: string): number | null => report.summary?.find((s) => s.pillar === pillar)?.score ?? null;
  const sortEntries = (entries: DiffEntry[]): DiffEntry[] =>
    entries.sort((x, y) => x.ruleId.localeCompare(y.ruleId) || x.resourceId.localeCompare(y.resourceId));
  return {
    regressed: sortEntries(regressed),
    improved: sortEntries(improved),
    changed: sortEntries(changed),
    unchangedFailures,
    scores: PILLARS.map((pillar) => ({ pillar, before: score(before, pillar), after: score(after, pillar) })),
  };
}
