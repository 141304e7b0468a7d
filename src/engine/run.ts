import { Analyses } from '../analyses/analyses.js';
import { format, type Localized } from '../i18n/locale.js';
import { fingerprint } from '../findings/fingerprint.js';
import type { Evaluation, Finding, ResourceRef } from '../findings/types.js';
import type { ResourceGraph } from '../model/graph.js';
import { locate, type Resource } from '../model/resource.js';
import type { CheckOutcome, FindingTarget, MessageData, Rule, RuleContext } from '../rules/define-rule.js';

export interface RunOptions {
  /** Options per rule id, already validated; a rule without an entry gets its declared defaults. */
  readonly ruleOptions?: ReadonlyMap<string, unknown>;
}

/**
 * Runs every rule on every resource of its types. Each (rule, resource) pair gives exactly one
 * evaluation; a rule that throws gives an `error` evaluation naming the rule and the resource,
 * and the run goes on.
 */
export function runRules(graph: ResourceGraph, rules: readonly Rule[], options: RunOptions = {}, analyses = new Analyses(graph)): Evaluation[] {
  const evaluations: Evaluation[] = [];
  for (const rule of rules) {
    const ruleOptions = options.ruleOptions?.get(rule.id) ?? defaultOptions(rule);
    for (const type of rule.resourceTypes) {
      for (const resource of graph.ofType(type)) {
        evaluations.push(evaluate(rule, resource, analyses, ruleOptions));
      }
    }
  }
  return evaluations;
}

export function defaultOptions(rule: Rule): unknown {
  return rule.options ? rule.options.parse({}) : {};
}

export function evaluate(rule: Rule, resource: Resource, analyses: Analyses, options: unknown): Evaluation {
  const findings: Finding[] = [];
  const context: RuleContext<string, unknown> = {
    graph: analyses.graph,
    analyses,
    options,
    report(messageId: string, data: MessageData = {}, target: FindingTarget = {}): void {
      const template = rule.messages[messageId];
      if (!template) throw new Error(`unknown message id '${messageId}'`);
      findings.push(makeFinding(rule.id, template, messageId, data, target.resource ?? resource, target.at ?? ''));
    },
    unknown: (reason: string): CheckOutcome => ({ kind: 'unknown', reason }),
    notAssessed: (reason: string): CheckOutcome => ({ kind: 'not-assessed', reason }),
    notApplicable: (reason?: string): CheckOutcome => (reason === undefined ? { kind: 'not-applicable' } : { kind: 'not-applicable', reason }),
  };
  const base = { ruleId: rule.id, pillar: rule.pillar, severity: rule.severity, resource: resourceRef(resource) };
  let outcome: CheckOutcome | void;
  try {
    outcome = rule.check(resource, context);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { ...base, status: 'error', reason: `${rule.id} failed on ${resource.id}: ${reason}`, findings: [] };
  }
  if (findings.length > 0) return { ...base, status: 'fail', findings };
  if (outcome?.kind === 'unknown') return { ...base, status: 'unknown', reason: outcome.reason, findings: [] };
  if (outcome?.kind === 'not-assessed') return { ...base, status: 'not-assessed', reason: outcome.reason, findings: [] };
  if (outcome?.kind === 'not-applicable') {
    return { ...base, status: 'not-applicable', ...(outcome.reason ? { reason: outcome.reason } : {}), findings: [] };
  }
  return { ...base, status: 'pass', findings: [] };
}

const resourceRefs = new WeakMap<Resource, ResourceRef>();

/** The evaluated resource as plain data; one object per resource, shared by its evaluations (there are one per rule). */
export function resourceRef(resource: Resource): ResourceRef {
  let ref = resourceRefs.get(resource);
  if (!ref) {
    const location = locate(resource, '');
    ref = {
      id: resource.id,
      type: resource.type,
      name: resource.name,
      input: resource.input,
      ...(location ? { location } : {}),
    };
    resourceRefs.set(resource, ref);
  }
  return ref;
}

function makeFinding(ruleId: string, template: Localized, messageId: string, data: MessageData, resource: Resource, pointer: string): Finding {
  const location = locate(resource, pointer);
  return {
    messageId,
    data,
    message: { en: format(template.en, data), ja: format(template.ja, data) },
    resourceId: resource.id,
    location: location ? { file: location.file, line: location.line, column: location.column, pointer } : { pointer },
    fingerprint: fingerprint(ruleId, resource.id, pointer),
  };
}
