import type { z } from 'zod';
import type { Analyses } from '../analyses/analyses.js';
import type { Localized } from '../i18n/locale.js';
import type { ResourceGraph } from '../model/graph.js';
import type { Resource } from '../model/resource.js';
import type { Pillar, Severity } from './pillars.js';

/** A framework a rule maps to, and the control ids it covers there. */
export type Mappings = Readonly<{
  'mcsb-v1'?: readonly string[];
  'cis-azure-5.0.0'?: readonly string[];
  'cis-azure-3.0.0'?: readonly string[];
  'azure-policy'?: readonly string[];
  /** Keys of the Defender for Cloud assessments of the same measure, compared with the verdict in live and snapshot scans. */
  'defender-for-cloud'?: readonly string[];
  peers?: readonly string[];
}>;

/** Data substituted into a message's `{{placeholders}}`. */
export type MessageData = Readonly<Record<string, string | number>>;

/** Where a finding points: a JSON pointer inside the resource under check, or inside another resource. */
export interface FindingTarget {
  readonly at?: string;
  readonly resource?: Resource;
}

/** What a check may return besides reporting findings. Returning nothing means pass (when nothing was reported). */
export type CheckOutcome =
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'not-assessed'; readonly reason: string }
  | { readonly kind: 'not-applicable'; readonly reason?: string };

export interface RuleContext<MessageId extends string, Options> {
  readonly graph: ResourceGraph;
  /** Shared analyses (network exposure, …), computed once per graph. */
  readonly analyses: Analyses;
  readonly options: Options;
  /** Records a failure. The evaluation fails when at least one finding is reported. */
  report(messageId: MessageId, data?: MessageData, target?: FindingTarget): void;
  /** The rule cannot decide from the input; say why. Findings already reported still fail the evaluation. */
  unknown(reason: string): CheckOutcome;
  /**
   * The input cannot show the evidence at all (a section the collector had no permission to read,
   * an estate-level fact a template cannot hold): say what is missing. Never a pass.
   */
  notAssessed(reason: string): CheckOutcome;
  /** The rule does not apply to this resource (a Windows VM for a Linux rule). */
  notApplicable(reason?: string): CheckOutcome;
}

export interface RuleMeta<MessageId extends string, Options> {
  /** Catalog id (`AZV-VM-013`); never reused. */
  readonly id: string;
  /** Kebab-case slug, equal to the rule's folder name. */
  readonly name: string;
  readonly pillar: Pillar;
  readonly severity: Severity;
  readonly status: 'stable' | 'preview' | 'deprecated';
  /** The azvmsec version that introduced the rule. */
  readonly since: string;
  /** Resource types the rule checks, as ARM spells them. */
  readonly resourceTypes: readonly string[];
  /** The desired state, short. */
  readonly title: Localized;
  /** The fix in one line, for the terminal report. Docs hold the full how-to. */
  readonly fix: Localized;
  readonly messages: Readonly<Record<MessageId, Localized>>;
  /**
   * Placeholders whose values the rule writes as English phrases ("public IP 'x'", "no NSG")
   * rather than names or numbers: Japanese messages render them through the templates of
   * `src/i18n/reasons/`, as reasons are.
   */
  readonly phrases?: readonly string[];
  readonly mappings: Mappings;
  /** Options with their defaults, declared once; the engine parses configuration through it. */
  readonly options?: z.ZodType<Options>;
}

export interface Rule<MessageId extends string = string, Options = unknown> extends RuleMeta<MessageId, Options> {
  /** Synchronous and pure: reads the resource, the graph and the analyses; does no I/O. */
  check(resource: Resource, context: RuleContext<MessageId, Options>): CheckOutcome | void;
}

/** Identity function whose only job is typing: `report` accepts only declared message ids. */
export function defineRule<MessageId extends string, Options = Record<string, never>>(rule: Rule<MessageId, Options>): Rule<MessageId, Options> {
  return rule;
}

/** The rule metadata reporters and docs read: everything but `check`. */
export type RuleCatalogEntry = RuleMeta<string, unknown>;
