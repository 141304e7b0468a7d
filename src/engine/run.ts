import { Analyses } from '../analyses/analyses.js';
import { format, type Localized } from '../i18n/locale.js';
import { MACHINE_PLACEHOLDER, machineNoun } from '../i18n/machine.js';
import { phraseIn } from '../i18n/reasons.js';
import { fingerprint, fingerprintScope } from '../findings/fingerprint.js';
import type { Evaluation, Finding, FindingLocation, ResourceRef } from '../findings/types.js';
import type { ResourceGraph } from '../model/graph.js';
import { interned } from '../model/intern.js';
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
  // The refs of each type's resources, made once for every rule of the type.
  const refsByType = new Map<readonly Resource[], readonly ResourceRef[]>();
  for (const rule of rules) {
    const evaluator = ruleEvaluator(rule, analyses, options.ruleOptions?.get(rule.id) ?? defaultOptions(rule));
    for (const type of rule.resourceTypes) {
      const resources = graph.ofType(type);
      let refs = refsByType.get(resources);
      if (refs === undefined) {
        refs = resources.map(resourceRef);
        refsByType.set(resources, refs);
      }
      for (let i = 0; i < resources.length; i++) evaluations.push(evaluator(resources[i] as Resource, refs[i] as ResourceRef));
    }
  }
  return evaluations;
}

export function defaultOptions(rule: Rule): unknown {
  // Parsed once per rule and run: zod's compiled fast path would cost more to build than it saves.
  return rule.options ? rule.options.parse({}, { jitless: true }) : {};
}

export function evaluate(rule: Rule, resource: Resource, analyses: Analyses, options: unknown): Evaluation {
  return ruleEvaluator(rule, analyses, options)(resource, resourceRef(resource));
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
function ruleEvaluator(rule: Rule, analyses: Analyses, options: unknown): (resource: Resource, ref: ResourceRef) => Evaluation {
  let current: Resource | undefined;
  const findings: RuleFinding[] = [];
  const phrases = rule.phrases ?? NO_PHRASES;
  const values = new Map<string, string>();
  const context: RuleContext<string, unknown> = {
    graph: analyses.graph,
    analyses,
    options,
    report(messageId: string, data: MessageData = {}, target: FindingTarget = {}): void {
      const template = rule.messages[messageId];
      if (!template) throw new Error(`unknown message id '${messageId}'`);
      shareValues(data, values, current as Resource);
      const resource = target.resource ?? (current as Resource);
      const at = target.at ?? '';
      // The same message at the same place adds nothing (a VM's two NICs behind one NSG rule).
      if (findings.some((finding) => finding.repeats(messageId, data, resource, at))) return;
      const machine = machineNoun((current as Resource).type);
      const scope = fingerprintScope(resourceRef(current as Resource));
      findings.push(new RuleFinding(rule.id, template, messageId, data, resource, at, machine, phrases, scope));
    },
    ...outcomes,
  };
  return (resource, ref) => {
    current = resource;
    // One list reused for every resource (a fresh one each time was millions of empty arrays); a
    // failing evaluation keeps a copy.
    findings.length = 0;
    let outcome: CheckOutcome | void;
    try {
      outcome = rule.check(resource, context);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return evaluation(rule, ref, 'error', NO_FINDINGS, `${rule.id} failed on ${resource.id}: ${reason}`);
    } finally {
      current = undefined;
    }
    // A copy without the spare capacity a growing array keeps (it is kept to the end of the run).
    if (findings.length > 0) return evaluation(rule, ref, 'fail', findings.slice());
    if (outcome?.kind === 'unknown') return evaluation(rule, ref, 'unknown', NO_FINDINGS, outcome.reason);
    if (outcome?.kind === 'not-assessed') return evaluation(rule, ref, 'not-assessed', NO_FINDINGS, outcome.reason);
    if (outcome?.kind === 'not-applicable') return evaluation(rule, ref, 'not-applicable', NO_FINDINGS, outcome.reason);
    return evaluation(rule, ref, 'pass', NO_FINDINGS);
  };
}

function evaluation(rule: Rule, ref: ResourceRef, status: Evaluation['status'], findings: readonly Finding[], reason?: string): Evaluation {
  const { id: ruleId, pillar, severity } = rule;
  return reason === undefined
    ? { ruleId, pillar, severity, resource: ref, status, findings }
    : { ruleId, pillar, severity, resource: ref, status, reason, findings };
}

/**
 * Makes each string in a finding's data the copy `pool` already holds, when there is one: a rule
 * describes the same NSG rule, port list or source for every VM behind it, each time in a string
 * built for that finding (10,000-VM estate: 295,000 values, 12,000 distinct). Replacing a string
 * with an equal one changes nothing a reader can see; frozen data is left as it is. The resource's
 * own name and id, the values most often given, are already one string each and are passed over.
 */
function shareValues(data: MessageData, pool: Map<string, string>, resource: Resource): void {
  if (Object.isFrozen(data)) return;
  const writable = data as Record<string, string | number>;
  for (const key in writable) {
    const value = writable[key];
    if (typeof value === 'string' && value !== resource.name && value !== resource.id) writable[key] = interned(pool, value);
  }
}

/** Shared by every evaluation without findings. */
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
const NO_PHRASES: readonly string[] = Object.freeze([]);

/** The phrases of a finding's data in Japanese. */
function japanesePhrases(data: MessageData, phrases: readonly string[]): MessageData {
  if (phrases.length === 0) return NO_DATA;
  const out: Record<string, string> = {};
  for (const key of phrases) {
    const value = data[key];
    if (typeof value === 'string') out[key] = phraseIn(value, 'ja');
  }
  return out;
}
const NO_DATA: MessageData = Object.freeze({});

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

/**
 * A finding holds what it was made from; its message, location and fingerprint are derived when
 * read. A large estate has hundreds of thousands of findings, and most of them are never printed
 * in both languages: rendered eagerly, messages, locations and fingerprints were 80 MB of the
 * 10,000-VM estate's heap. `toJSON` gives the plain shape of {@link Finding}.
 */
class RuleFinding implements Finding {
  readonly #ruleId: string;
  readonly #template: Localized;
  readonly #resource: Resource;
  readonly #pointer: string;

  /** What the evaluated resource is (`{{machine}}`), in each language. */
  readonly #machine: Localized;
  /** Placeholders whose values are English phrases, rendered in Japanese by the phrase templates. */
  readonly #phrases: readonly string[];
  /** The input of the evaluated resource, when a file declares it (see fingerprintScope). */
  readonly #scope: string | undefined;

  constructor(
    ruleId: string,
    template: Localized,
    readonly messageId: string,
    readonly data: MessageData,
    resource: Resource,
    pointer: string,
    machine: Localized,
    phrases: readonly string[],
    scope: string | undefined,
  ) {
    this.#ruleId = ruleId;
    this.#template = template;
    this.#resource = resource;
    this.#pointer = pointer;
    this.#machine = machine;
    this.#phrases = phrases;
    this.#scope = scope;
  }

  get resourceId(): string {
    return this.#resource.id;
  }

  /** Whether this finding says the same about the same place. */
  repeats(messageId: string, data: MessageData, resource: Resource, pointer: string): boolean {
    if (messageId !== this.messageId || resource !== this.#resource || pointer !== this.#pointer) return false;
    const keys = Object.keys(data);
    return keys.length === Object.keys(this.data).length && keys.every((key) => data[key] === this.data[key]);
  }

  get message(): Localized {
    const machine = this.#machine;
    return {
      en: format(this.#template.en, { ...this.data, [MACHINE_PLACEHOLDER]: machine.en }),
      ja: format(this.#template.ja, { ...this.data, ...japanesePhrases(this.data, this.#phrases), [MACHINE_PLACEHOLDER]: machine.ja }),
    };
  }

  get location(): FindingLocation {
    const pointer = this.#pointer;
    const location = locate(this.#resource, pointer);
    return location ? { file: location.file, line: location.line, column: location.column, pointer } : { pointer };
  }

  get fingerprint(): string {
    return fingerprint(this.#ruleId, this.#resource.id, this.#pointer, this.#scope);
  }

  toJSON(): Finding {
    const { messageId, data, message, resourceId, location, fingerprint } = this;
    return { messageId, data, message, resourceId, location, fingerprint };
  }
}
