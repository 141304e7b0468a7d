import { z } from 'zod';
import { enabledPolicies, evaluateConditionalAccess, type CaRequirement, type CaVerdict } from '../../analyses/identity/conditional-access.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown, type Value } from '../../model/value.js';
import type { CheckOutcome, RuleContext } from '../define-rule.js';
import { entraLicence, readSection, securityDefaultsEnabled } from './entra.js';

/** Options every Conditional Access rule takes. */
export const caOptions = z
  .object({
    /** Excluded user accounts tolerated as emergency-access (break-glass) accounts. */
    breakGlassAccounts: z.number().int().min(0).max(10).default(2),
  })
  .strict();

export type CaMessageId = 'missing' | 'reportOnly' | 'excluded' | 'weaker';

export interface CaRuleSpec {
  readonly requirement: Omit<CaRequirement, 'breakGlassAccounts'>;
  /** The Entra ID licence the feature needs (Conditional Access: P1; risk conditions: P2). */
  readonly licence: 'P1' | 'P2';
  /** Security defaults satisfy the requirement too (they require MFA and block legacy authentication). */
  readonly securityDefaultsSatisfy: boolean;
  /** Extra message data (a rule asking about several targets names the one reported). */
  readonly data?: Readonly<Record<string, string>>;
}

const POLICIES = '/properties/conditionalAccessPolicies';

/**
 * The common check of the Conditional Access rules: reads the tenant's policies, evaluates them
 * with the shared analysis and reports what is missing. Returns the verdict for rules that add
 * their own checks.
 */
export function checkConditionalAccess(
  tenant: Resource,
  context: RuleContext<CaMessageId, z.infer<typeof caOptions>>,
  spec: CaRuleSpec,
): CheckOutcome | CaVerdict {
  const defaults = securityDefaultsEnabled(tenant);
  if (spec.securityDefaultsSatisfy && defaults === true) return { outcome: 'enforced', policies: [] };
  const section = readSection(tenant, 'conditionalAccessPolicies');
  if ('missing' in section) return context.notAssessed(section.missing);
  const licence = entraLicence(tenant);
  if (licence !== undefined && (licence === 'Free' || (spec.licence === 'P2' && licence === 'P1'))) {
    return context.notApplicable(
      `the tenant has Microsoft Entra ID ${licence === 'Free' ? 'Free' : 'P1'}; this Conditional Access control needs Entra ID ${spec.licence}` +
        (spec.licence === 'P1' ? ' (without it, keep security defaults on: AZV-IAM-005)' : ''),
    );
  }
  const verdict = evaluateConditionalAccess(section.value, { ...spec.requirement, breakGlassAccounts: context.options.breakGlassAccounts });
  if (isUnknown(verdict)) return context.unknown(verdict.reason);
  // Security defaults would satisfy the requirement, and a tenant with them on has no Conditional Access policies to find
  // (an enabled policy shows that they are off).
  if (spec.securityDefaultsSatisfy && defaults === undefined && verdict.outcome !== 'enforced' && !anyEnabled(section.value)) {
    const read = readSection(tenant, 'securityDefaults');
    const why = 'no enabled Conditional Access policy enforces it, and security defaults, which would, cannot be read';
    return 'missing' in read
      ? context.notAssessed(`${why}: ${read.missing}`)
      : context.unknown(`${why}: identitySecurityDefaultsEnforcementPolicy does not say whether they are enabled`);
  }
  const policy = verdict.policy;
  const at = policy ? `${POLICIES}/${policy.index}` : POLICIES;
  switch (verdict.outcome) {
    case 'enforced':
      break;
    case 'missing':
      context.report('missing', { ...spec.data }, { at });
      break;
    case 'report-only':
      context.report('reportOnly', { ...spec.data, policy: policy?.displayName ?? '' }, { at });
      break;
    case 'excluded':
      context.report('excluded', { ...spec.data, policy: policy?.displayName ?? '', exclusions: policy?.broadExclusions.join(', ') ?? '' }, { at });
      break;
    case 'weaker':
      context.report('weaker', { ...spec.data, policy: policy?.displayName ?? '' }, { at });
      break;
  }
  return verdict;
}

/** Whether a Conditional Access policy collection has an enabled policy (security defaults are then off). */
export function anyEnabled(policies: Value): boolean {
  const enabled = enabledPolicies(policies);
  return !isUnknown(enabled) && enabled.length > 0;
}

/** Whether a check result is a verdict (rather than an outcome to return). */
export function isVerdict(result: CheckOutcome | CaVerdict): result is CaVerdict {
  return 'outcome' in result;
}
