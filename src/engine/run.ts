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
    const evaluator = ruleEvaluator(rule, analyses, options.ruleOptions?.get(rule.id) ?? defaultOptions(rule));
    for (const type of rule.resourceTypes) {
      for (const resource of graph.ofType(type)) evaluations.push(evaluator(resource));
    }
  }
  return evaluations;
}

export function defaultOptions(rule: Rule): unknown {
  return rule.options ? rule.options.parse({}) : {};
}

export function evaluate(rule: Rule, resource: Resource, analyses: Analyses, options: unknown): Evaluation {
  return ruleEvaluator(rule, analyses, options)(resource);
}

const outcomes = {
  unknown: (reason: string): CheckOutcome => ({ kind: 'unknown', reason }),
  notAssessed: (reason: string): CheckOutcome => ({ kind: 'not-assessed', reason }),
  notApplicable: (reason?: string): CheckOutcome => (reason === undefined ? { kind: 'not-applicable' } : { kind: 'not-applicable', reason }),
};

/**
 * Evaluates one rule resource by resource. One context serves every resource of the rule (rules
 * are synchronous, so only one evaluation is ever in progress): a large estate has millions of
 * (rule, resource) pairs, and a context with its closures for each would be garbage to collect.
 */
function ruleEvaluator(rule: Rule, analyses: Analyses, options: unknown): (resource: Resource) => Evaluation {
  let current: Resource | undefined;
  let findings: Finding[] = [];
  const context: RuleContext<string, unknown> = {
    graph: analyses.graph,
    analyses,
    options,
    report(messageId: string, data: MessageData = {}, target: FindingTarget = {}): void {
      const template = rule.messages[messageId];
      if (!template) throw new Error(`unknown message id '${messageId}'`);
      findings.push(makeFinding(rule.id, template, messageId, data, target.resource ?? (current as Resource), target.at ?? ''));
    },
    ...outcomes,
  };
  return (resource) => {
    current = resource;
    findings = [];
    const evaluation = (status: Evaluation['status'], reason?: string): Evaluation => ({
      ruleId: rule.id,
      pillar: rule.pillar,
      severity: rule.severity,
      resource: resourceRef(resource),
      status,
      ...(reason !== undefined ? { reason } : {}),
      findings: status === 'fail' ? findings : NO_FINDINGS,
    });
    let outcome: CheckOutcome | void;
    try {
      outcome = rule.check(resource, context);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return evaluation('error', `${rule.id} failed on ${resource.id}: ${reason}`);
    } finally {
      current = undefined;
    }
    if (findings.length > 0) return evaluation('fail');
    if (outcome?.kind === 'unknown') return evaluation('unknown', outcome.reason);
    if (outcome?.kind === 'not-assessed') return evaluation('not-assessed', outcome.reason);
    if (outcome?.kind === 'not-applicable') return evaluation('not-applicable', outcome.reason);
    return evaluation('pass');
  };
}

/** Shared by every evaluation without findings. */
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

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
    message: renderedOnDemand(template, data),
    resourceId: resource.id,
    location: location ? { file: location.file, line: location.line, column: location.column, pointer } : { pointer },
    fingerprint: fingerprint(ruleId, resource.id, pointer),
  };
}

/**
 * The message in both languages, each rendered the first time it is read: a report shows one
 * language, and a large estate has hundreds of thousands of findings. The properties are plain
 * enumerable ones to every reader (spread, JSON.stringify, equality).
 */
function renderedOnDemand(template: Localized, data: MessageData): Localized {
  const message = {} as { en: string; ja: string };
  for (const locale of ['en', 'ja'] as const) {
    Object.defineProperty(message, locale, {
      enumerable: true,
      configurable: true,
      get(): string {
        const text = format(template[locale], data);
        Object.defineProperty(message, locale, { value: text, enumerable: true, writable: false });
        return text;
      },
    });
  }
  return message;
}
