import type { Localized } from '../i18n/locale.js';
import type { InputSummary } from '../model/input.js';
import type { SourceLocation } from '../model/source.js';
import type { Pillar, Severity } from '../rules/pillars.js';

/**
 * The outcome of one rule on one resource (or, for estate-level rules, on the estate).
 * `attested`: the input could not show the evidence (not assessed), and someone attested in the
 * configuration that the measure is in place; never shown as a pass.
 */
export type Status = 'pass' | 'fail' | 'unknown' | 'not-applicable' | 'not-assessed' | 'attested' | 'error';

/** An accepted risk: why a failing evaluation is not counted against --fail-on. */
export interface AppliedSuppression {
  /** `config` (.azvmsec.yaml) or `inline` (ARM metadata, Bicep or Terraform comment). */
  readonly kind: 'config' | 'inline';
  readonly reason: string;
  /** YYYY-MM-DD; the suppression stops applying after this day. */
  readonly expires?: string;
  /** Where the suppression is written (`.azvmsec.yaml`, `main.tf:12`). */
  readonly source: string;
}

/** Who said that a measure the input cannot show is in place, when, and on what evidence. */
export interface AppliedAttestation {
  readonly by: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly evidence: string;
  readonly expires?: string;
}

/** Something about suppressions and attestations the user should fix. */
export interface PolicyWarning {
  /** expired: past its date, no longer applied; unused: matched no failing evaluation; invalid: not understood, not applied. */
  readonly kind: 'suppression-expired' | 'suppression-unused' | 'suppression-invalid' | 'attestation-expired' | 'attestation-unused';
  readonly ruleId: string;
  readonly source: string;
  /** The resource selector or resource, as written. */
  readonly target?: string;
  readonly reason?: string;
  readonly expires?: string;
  /** For invalid ones: what is wrong. */
  readonly problem?: string;
}

/** How an evaluation compares with the baseline report. */
export type BaselineState = 'new' | 'changed';

export interface BaselineSummary {
  readonly file: string;
  readonly new: number;
  readonly changed: number;
  /** Evaluations identical to the baseline, left out of the report. */
  readonly unchanged: number;
  /** Failing evaluations of the baseline that no longer fail or no longer exist. */
  readonly resolved: number;
}

/** The profile a scan ran with, and which of its controls each rule covers. */
export interface ProfileSummary {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly { readonly control: string; readonly ruleIds: readonly string[] }[];
}

export interface FindingLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** JSON pointer into the resource (`/properties/osProfile/linuxConfiguration`). */
  readonly pointer: string;
}

/**
 * A finding. The engine's findings derive `message`, `location` and `fingerprint` when read (they
 * are getters, not own properties): `JSON.stringify` gives them all, a spread does not.
 */
export interface Finding {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  /** The message in every language, rendered from the rule's templates. */
  readonly message: Localized;
  /** The resource the finding points into (usually the one evaluated). */
  readonly resourceId: string;
  readonly location: FindingLocation;
  /** Hash of rule id + resource id + pointer (+ the input, for a resource declared in a file: see fingerprintScope); never of line numbers. */
  readonly fingerprint: string;
}

export interface ResourceRef {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  /** The input that produced it. */
  readonly input: string;
  /** Where the resource was declared, when the input is a file. */
  readonly location?: SourceLocation;
}

export interface Evaluation {
  readonly ruleId: string;
  readonly pillar: Pillar;
  readonly severity: Severity;
  readonly status: Status;
  readonly resource: ResourceRef;
  /** Why it is unknown, not assessed, not applicable or an error. */
  readonly reason?: string;
  readonly findings: readonly Finding[];
  /** Set on a failing evaluation whose risk was accepted; it stays in the report, marked. */
  readonly suppression?: AppliedSuppression;
  /** Set on an `attested` evaluation. */
  readonly attestation?: AppliedAttestation;
  /** With --baseline: whether this evaluation is new or changed since the baseline. */
  readonly baseline?: BaselineState;
  /** Defender for Cloud's own assessment of the same measure on the resource (live and snapshot scans). */
  readonly defender?: DefenderComparison;
}

/**
 * What Defender for Cloud's assessment of the same measure says about the evaluated resource. A
 * disagreement is worth a look either way: Defender judges NSG rules one at a time and sees
 * runtime state azvmsec cannot, azvmsec follows every path and NSG on the way.
 */
export interface DefenderComparison {
  /** Assessment key (the recommendation's GUID). */
  readonly key: string;
  /** The recommendation's display name. */
  readonly name: string;
  readonly status: 'Healthy' | 'Unhealthy' | 'NotApplicable';
  /** Pass with Healthy or fail with Unhealthy: true; the other way round: false; absent when they do not compare. */
  readonly agrees?: boolean;
}

export interface PillarSummary {
  readonly pillar: Pillar;
  /** 0–100 over assessed evaluations, weighted by severity; null when nothing was assessed. */
  readonly score: number | null;
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
  readonly error: number;
  readonly notAssessed: number;
  /** Failing evaluations whose risk was accepted (counted in `fail` too). */
  readonly suppressed?: number;
  /** Not-assessed evaluations attested in the configuration (not counted in `notAssessed`). */
  readonly attested?: number;
  /** Rules of this pillar that the inputs gave nothing to check. */
  readonly rulesWithoutEvidence: readonly string[];
}

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** An NSG rule that decided a verdict on the way to a VM. */
export interface DecidingRule {
  readonly nsg: { readonly id: string; readonly name: string };
  readonly attachment: 'subnet' | 'nic';
  readonly name: string;
  readonly priority?: number;
  readonly access?: string;
  /** True for the default rules every NSG has (AllowVnetInBound, DenyAllInBound, …). */
  readonly isDefault: boolean;
  /** Where the rule is written, for template inputs. */
  readonly location?: SourceLocation;
}

export interface ExposurePath {
  readonly protocol: 'Tcp' | 'Udp';
  /** Ports at the VM, as the NSGs see them. */
  readonly ports: readonly PortRange[];
  /** How traffic gets there: instance public IP, load balancer NAT or rule, Application Gateway, firewall DNAT. */
  readonly path?: {
    readonly kind: string;
    readonly nic: { readonly id: string; readonly name: string };
    readonly ipConfiguration: string;
    readonly via: { readonly id: string; readonly name: string; readonly type: string };
    readonly rule?: string;
    readonly frontendPorts?: readonly PortRange[];
  };
  readonly rules: readonly DecidingRule[];
  /** Rules above the deciding ones that may match instead (a setting not known) and would give the same answer, with why. */
  readonly maybeRules?: readonly { readonly rule: DecidingRule; readonly reason: string }[];
  /** Sources that get through, as CIDRs or tags. */
  readonly sources: readonly string[];
  /** Why reachability is unknown, for the unknown bucket. */
  readonly reason?: string;
  readonly noNsg: boolean;
}

export interface ExposureBucket {
  readonly tcp: readonly PortRange[];
  readonly udp: readonly PortRange[];
  readonly paths: readonly ExposurePath[];
}

/** What the Internet can reach on one VM, with the path and the deciding rules. */
export interface VmExposure {
  readonly vm: { readonly id: string; readonly name: string };
  /** Reachable from the whole Internet. */
  readonly internet: ExposureBucket;
  /** Reachable only from some Internet sources (an office range, a DNAT source list). */
  readonly restricted: ExposureBucket;
  /** Reachability the input cannot decide, with why. */
  readonly unknown: ExposureBucket;
  readonly problems: readonly string[];
}

export interface Report {
  readonly tool: { readonly name: 'azvmsec'; readonly version: string };
  readonly inputs: readonly InputSummary[];
  readonly evaluations: readonly Evaluation[];
  readonly summary: readonly PillarSummary[];
  /** Network exposure of every VM in the inputs. */
  readonly exposure: readonly VmExposure[];
  /** Expired, unused and invalid suppressions and attestations. */
  readonly warnings?: readonly PolicyWarning[];
  /** With --profile: the profile and its controls. */
  readonly profile?: ProfileSummary;
  /** With --baseline: what was compared and how much was left out. */
  readonly baseline?: BaselineSummary;
  /** When the input holds Defender for Cloud assessments: how many verdicts they cover, agree with and differ from. */
  readonly defender?: DefenderSummary;
}

export interface DefenderSummary {
  readonly compared: number;
  readonly agree: number;
  readonly differ: number;
}
