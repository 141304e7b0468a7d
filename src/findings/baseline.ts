import { z } from 'zod';
import { once } from '../model/memo.js';
import { PILLARS, SEVERITIES } from '../rules/pillars.js';
import type { Evaluation, Report } from './types.js';

/**
 * Baselines and diffs read earlier JSON reports (`--format json`). Only the fields they need are
 * checked, so reports of other versions with the same schema major version still compare.
 * Evaluations are matched by rule id + resource id (case-insensitive); within one, findings are
 * compared by their stable fingerprints, never by line numbers. The schema is built on first use:
 * a scan without a baseline does not pay for it at start-up.
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
        resource: z.object({ id: z.string(), name: z.string().optional() }),
        findings: z.array(z.object({ fingerprint: z.string() })),
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
 * read: of an evaluation, the fields above (messages, locations and data are left behind); of an
 * exposure entry, nothing. A 50,000-VM report is 1.4 GB, most of it neither.
 */
export function previousReportElement(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if ('vm' in record && !('ruleId' in record)) return null;
  if (!('ruleId' in record) || !Array.isArray(record['findings'])) return value;
  const { ruleId, title, pillar, severity, status, resource, suppression } = record;
  const findings = (record['findings'] as unknown[]).map((finding) =>
    typeof finding === 'object' && finding !== null && 'fingerprint' in finding ? { fingerprint: (finding as { fingerprint: unknown }).fingerprint } : finding,
  );
  const kept: Record<string, unknown> = { ruleId, title, pillar, severity, status, findings, suppression };
  if (typeof resource === 'object' && resource !== null) {
    const { id, name } = resource as Record<string, unknown>;
    kept['resource'] = { id, name };
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

export function evaluationKey(ruleId: string, resourceId: string): string {
  return `${ruleId}\n${resourceId.toLowerCase()}`;
}

function fingerprints(findings: readonly { readonly fingerprint: string }[]): string {
  return [...new Set(findings.map((f) => f.fingerprint))].sort().join(',');
}

/**
 * Keeps only evaluations that are new or changed since the baseline (status or finding
 * fingerprints differ), marks them, and counts what was left out and what was resolved.
 * Not-applicable evaluations are not in JSON reports, so they never count as new.
 */
export function applyBaseline(report: Report, baseline: PreviousReport, file: string): Report {
  const previous = new Map<string, PreviousEvaluation>();
  for (const evaluation of baseline.evaluations) previous.set(evaluationKey(evaluation.ruleId, evaluation.resource.id), evaluation);
  const kept: Evaluation[] = [];
  let unchanged = 0;
  let added = 0;
  let changed = 0;
  const seen = new Set<string>();
  for (const evaluation of report.evaluations) {
    const key = evaluationKey(evaluation.ruleId, evaluation.resource.id);
    seen.add(key);
    if (evaluation.status === 'not-applicable') continue;
    const before = previous.get(key);
    if (!before) {
      kept.push({ ...evaluation, baseline: 'new' });
      added++;
    } else if (before.status !== evaluation.status || fingerprints(before.findings) !== fingerprints(evaluation.findings)) {
      kept.push({ ...evaluation, baseline: 'changed' });
      changed++;
    } else unchanged++;
  }
  const resolved = baseline.evaluations.filter((before) => {
    if (before.status !== 'fail') return false;
    const key = evaluationKey(before.ruleId, before.resource.id);
    if (!seen.has(key)) return true;
    return report.evaluations.some((e) => evaluationKey(e.ruleId, e.resource.id) === key && e.status !== 'fail');
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
  const old = new Map(before.evaluations.map((e) => [evaluationKey(e.ruleId, e.resource.id), e]));
  const now = new Map(after.evaluations.map((e) => [evaluationKey(e.ruleId, e.resource.id), e]));
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
      const fa = fingerprints(a.findings);
      const fb = fingerprints(b?.findings ?? []);
      if (fa === fb) unchangedFailures++;
      else if (a.findings.length < (b?.findings.length ?? 0) && fa.split(',').every((f) => fb.includes(f))) improved.push(entry(a, 'fail', 'fail'));
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
