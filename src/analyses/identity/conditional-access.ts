import { firstUnknown, isObject, isUnknown, Unknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * Conditional Access as Microsoft Entra ID evaluates it, for the questions the identity rules ask
 * ("is MFA required for every user on every app?", "do privileged roles need phishing-resistant
 * MFA?", "is legacy authentication blocked?"). Pure: policies in, a verdict out.
 *
 * A policy counts only when:
 * - its `state` is `enabled` (`enabledForReportingButNotEnforced` only reports, `disabled` does nothing);
 * - its assignments reach the users the question is about (`includeUsers: ["All"]`, or the roles
 *   through `includeRoles`), minus its exclusions: excluded users, groups, roles and guests;
 * - it targets the applications asked about (`includeApplications` "All" or the app id), with no
 *   exclusion of them, and no condition (client apps, platforms, locations, risk levels, insider
 *   risk levels, authentication flows, device filter, application filter) that narrows it to part
 *   of the sign-ins;
 * - its grant controls require what is asked: with operator OR every alternative must satisfy the
 *   requirement (MFA OR compliant device does not require MFA); with AND one of them suffices.
 *
 * A question about several directory roles is answered role by role: each role takes the best
 * policy that covers it, and the answer is the worst of the roles (one policy per role counts).
 */

/** Microsoft's built-in authentication strengths. */
export const AUTH_STRENGTH_MFA = '00000000-0000-0000-0000-000000000002';
export const AUTH_STRENGTH_PASSWORDLESS = '00000000-0000-0000-0000-000000000003';
export const AUTH_STRENGTH_PHISHING_RESISTANT = '00000000-0000-0000-0000-000000000004';

/** Authentication method combinations that resist phishing (Graph `authenticationMethodModes`). */
export const PHISHING_RESISTANT_METHODS: readonly string[] = ['fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor'];

/** The Windows Azure Service Management API (Azure portal, CLI, PowerShell, ARM). */
export const AZURE_MANAGEMENT_APP = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

/** Who the question is about. */
export type UserScope = { readonly kind: 'all-users' } | { readonly kind: 'roles'; readonly roleIds: readonly string[] };

/** What the grant controls must require. */
export type GrantRequirement =
  /** MFA: the `mfa` control or a multifactor authentication strength (block is stricter and counts). */
  | 'mfa'
  /** An authentication strength made only of phishing-resistant methods. */
  | 'phishing-resistant-mfa'
  /** The `block` control. */
  | 'block'
  /**
   * Secure password change: `passwordChange` (with MFA, operator AND), `riskRemediation` (with an
   * authentication strength, operator AND), or block.
   */
  | 'password-change';

export interface CaRequirement {
  readonly users: UserScope;
  /** The policy must include one of these application values (`All` always counts). */
  readonly applications: readonly string[];
  /** Client app types the policy must cover; `all` in a policy covers every type. */
  readonly clientAppTypes: readonly string[];
  /** A user-risk question: the policy's `userRiskLevels` must include all of these. */
  readonly userRiskLevels?: readonly string[];
  /** A sign-in-risk question: the policy's `signInRiskLevels` must include all of these. */
  readonly signInRiskLevels?: readonly string[];
  readonly grant: GrantRequirement;
  /** Excluded user accounts tolerated as emergency-access (break-glass) accounts. */
  readonly breakGlassAccounts: number;
}

/** How one policy answers the requirement. */
export interface PolicyVerdict {
  readonly index: number;
  readonly id: string;
  readonly displayName: string;
  readonly state: 'enabled' | 'report-only' | 'disabled';
  /** The policy's assignments and conditions reach the users, apps and sign-ins asked about (exclusions aside). */
  readonly targets: boolean;
  /** Why it does not target them, when it does not. */
  readonly notTargeting: readonly string[];
  /** Exclusions beyond the tolerated break-glass accounts ("3 users", "1 group", "guests"). */
  readonly broadExclusions: readonly string[];
  /** The grant controls: satisfy the requirement, require something weaker, or do not apply. */
  readonly grant: 'satisfied' | 'weaker' | 'unsatisfied';
}

export type CaOutcome =
  /** An enabled policy targets exactly what was asked, with at most the tolerated exclusions, and requires it. */
  | 'enforced'
  /** The best enabled policy requires it but excludes more than break-glass accounts. */
  | 'excluded'
  /** An enabled policy targets it but requires less (MFA where phishing-resistant MFA is asked). */
  | 'weaker'
  /** Only a report-only policy would require it. */
  | 'report-only'
  /** No policy requires it. */
  | 'missing';

export interface CaVerdict {
  readonly outcome: CaOutcome;
  /** The policy behind the outcome (absent when missing). */
  readonly policy?: PolicyVerdict;
  readonly policies: readonly PolicyVerdict[];
}

const RANK: Record<CaOutcome, number> = { enforced: 0, excluded: 1, weaker: 2, 'report-only': 3, missing: 4 };

/**
 * Evaluates a `conditionalAccessPolicy` collection against one requirement. Unknown when the
 * collection, or a field of a policy that could decide the answer, cannot be known.
 */
export function evaluateConditionalAccess(policies: Value | undefined, requirement: CaRequirement): CaVerdict | Unknown {
  if (isUnknown(policies)) return policies;
  if (!Array.isArray(policies)) return { outcome: 'missing', policies: [] };
  const users = requirement.users;
  if (users.kind === 'roles' && users.roleIds.length > 1) {
    // Role by role: the best policy for each role, then the worst role.
    let worst: CaVerdict | undefined;
    let unknown: Unknown | undefined;
    for (const role of users.roleIds) {
      const verdict = evaluatePolicies(policies, { ...requirement, users: { kind: 'roles', roleIds: [role] } }, users.roleIds);
      if (isUnknown(verdict)) unknown ??= verdict;
      else if (!worst || RANK[verdict.outcome] > RANK[worst.outcome]) worst = verdict;
    }
    // A role whose policies cannot be read might be the one left without them, unless another role already is.
    if (unknown && worst?.outcome !== 'missing') return unknown;
    return worst ?? { outcome: 'missing', policies: [] };
  }
  return evaluatePolicies(policies, requirement, users.kind === 'roles' ? users.roleIds : []);
}

function evaluatePolicies(policies: Value[], requirement: CaRequirement, scopeRoles: readonly string[]): CaVerdict | Unknown {
  const verdicts: PolicyVerdict[] = [];
  let unknown: Unknown | undefined;
  policies.forEach((policy, index) => {
    if (!isObject(policy)) return;
    const verdict = verdictOf(policy, index, requirement, scopeRoles);
    if (isUnknown(verdict)) unknown ??= verdict;
    else verdicts.push(verdict);
  });
  let best: { outcome: CaOutcome; policy?: PolicyVerdict } = { outcome: 'missing' };
  for (const verdict of verdicts) {
    const outcome = outcomeOf(verdict);
    if (RANK[outcome] < RANK[best.outcome]) best = { outcome, policy: verdict };
  }
  // A policy the input cannot read might be the one that enforces the requirement.
  if (unknown && best.outcome !== 'enforced') return unknown;
  return { ...best, policies: verdicts };
}

function outcomeOf(verdict: PolicyVerdict): CaOutcome {
  if (verdict.state === 'disabled' || !verdict.targets || verdict.grant === 'unsatisfied') return 'missing';
  if (verdict.state === 'report-only') return 'report-only';
  if (verdict.grant === 'weaker') return 'weaker';
  return verdict.broadExclusions.length > 0 ? 'excluded' : 'enforced';
}

/** One policy against the requirement. Unknown when a deciding field is unknown. */
export function policyVerdict(policy: ValueObject, index: number, requirement: CaRequirement): PolicyVerdict | Unknown {
  return verdictOf(policy, index, requirement, requirement.users.kind === 'roles' ? requirement.users.roleIds : []);
}

/** `scopeRoles`: every role the question is about (excluding one of them is no broad exclusion). */
function verdictOf(policy: ValueObject, index: number, requirement: CaRequirement, scopeRoles: readonly string[]): PolicyVerdict | Unknown {
  const unknown = firstUnknown(policy);
  if (unknown) return unknown;
  const state = str(policy['state']).toLowerCase();
  const conditions = obj(policy['conditions']);
  const users = obj(conditions['users']);
  const applications = obj(conditions['applications']);
  const notTargeting: string[] = [];
  const broadExclusions: string[] = [];

  // Users and roles.
  const includeUsers = strings(users['includeUsers']);
  const includeRoles = lower(strings(users['includeRoles']));
  const excludeRoles = lower(strings(users['excludeRoles']));
  const allUsers = includeUsers.some((u) => u.toLowerCase() === 'all');
  if (requirement.users.kind === 'all-users') {
    if (!allUsers) notTargeting.push('it does not include all users');
    if (excludeRoles.length > 0) broadExclusions.push(count(excludeRoles.length, 'role'));
  } else {
    const roleIds = requirement.users.roleIds;
    const missing = roleIds.filter((role) => !(allUsers || includeRoles.includes(role.toLowerCase())) || excludeRoles.includes(role.toLowerCase()));
    if (missing.length > 0) notTargeting.push(`it does not cover ${count(missing.length, 'privileged role')}`);
    const otherExcluded = excludeRoles.filter((role) => !scopeRoles.some((r) => r.toLowerCase() === role));
    if (allUsers && otherExcluded.length > 0) broadExclusions.push(count(otherExcluded.length, 'role'));
  }
  const excludeUsers = strings(users['excludeUsers']);
  const excludedGuests = excludeUsers.some((u) => u.toLowerCase() === 'guestsorexternalusers') || isObject(users['excludeGuestsOrExternalUsers']);
  const excludedAccounts = excludeUsers.filter((u) => u.toLowerCase() !== 'guestsorexternalusers');
  if (excludedAccounts.length > requirement.breakGlassAccounts) broadExclusions.push(count(excludedAccounts.length, 'user'));
  const excludeGroups = strings(users['excludeGroups']);
  if (excludeGroups.length > 0) broadExclusions.push(count(excludeGroups.length, 'group'));
  if (excludedGuests) broadExclusions.push('guests and external users');

  // Applications.
  const includeApplications = lower(strings(applications['includeApplications']));
  const excludeApplications = lower(strings(applications['excludeApplications']));
  const wanted = requirement.applications.map((app) => app.toLowerCase());
  const allApps = includeApplications.includes('all');
  if (!allApps && !wanted.some((app) => includeApplications.includes(app))) notTargeting.push('it does not target the applications asked about');
  if (wanted.some((app) => excludeApplications.includes(app))) notTargeting.push('it excludes the applications asked about');
  // Excluding another app leaves the ones asked about covered: it narrows only a question about all apps.
  else if (allApps && excludeApplications.length > 0 && wanted.includes('all')) broadExclusions.push(count(excludeApplications.length, 'application'));

  // Client app types: missing or empty means all of them.
  const clientAppTypes = lower(strings(conditions['clientAppTypes']));
  if (clientAppTypes.length > 0 && !clientAppTypes.includes('all')) {
    const uncovered = requirement.clientAppTypes.filter((type) => !clientAppTypes.includes(type.toLowerCase()));
    if (uncovered.length > 0) notTargeting.push(`it leaves out client apps ${uncovered.join(', ')}`);
  }

  // Risk levels: required by risk questions, narrowing for the others.
  const userRisk = lower(strings(conditions['userRiskLevels']));
  const signInRisk = lower(strings(conditions['signInRiskLevels']));
  checkRisk('user risk', userRisk, requirement.userRiskLevels, notTargeting);
  checkRisk('sign-in risk', signInRisk, requirement.signInRiskLevels, notTargeting);

  // Other conditions that limit the policy to part of the sign-ins.
  const platforms = obj(conditions['platforms']);
  const includePlatforms = lower(strings(platforms['includePlatforms']));
  if ((includePlatforms.length > 0 && !includePlatforms.includes('all')) || strings(platforms['excludePlatforms']).length > 0) {
    notTargeting.push('it applies to some device platforms only');
  }
  const locations = obj(conditions['locations']);
  const includeLocations = lower(strings(locations['includeLocations']));
  if ((includeLocations.length > 0 && !includeLocations.includes('all')) || strings(locations['excludeLocations']).length > 0) {
    notTargeting.push('it applies to some locations only');
  }
  const deviceFilter = obj(obj(conditions['devices'])['deviceFilter']);
  if (typeof deviceFilter['rule'] === 'string' && deviceFilter['rule'] !== '') notTargeting.push('it applies to devices matching a filter only');
  const applicationFilter = obj(applications['applicationFilter']);
  if (typeof applicationFilter['rule'] === 'string' && applicationFilter['rule'] !== '') notTargeting.push('it applies to applications matching a filter only');
  // `transferMethods` and `insiderRiskLevels` are flag enums: one string, values separated by commas.
  const transferMethods = str(obj(conditions['authenticationFlows'])['transferMethods']);
  if (transferMethods !== '' && transferMethods.toLowerCase() !== 'none') notTargeting.push(`it applies to authentication flows ${transferMethods} only`);
  const insiderRisk = conditions['insiderRiskLevels'];
  const insiderLevels = typeof insiderRisk === 'string' ? insiderRisk : strings(insiderRisk).join(',');
  if (insiderLevels !== '') notTargeting.push(`it applies only at insider risk ${insiderLevels}`);

  const displayName = str(policy['displayName']) || str(policy['id']) || `policy ${index}`;
  const verdictState = state === 'enabled' ? 'enabled' : state === 'enabledforreportingbutnotenforced' ? 'report-only' : 'disabled';
  const grant = grantVerdict(obj(policy['grantControls']), requirement.grant);
  // What the input cannot read matters only in a policy that is on and reaches the sign-ins asked about (otherwise: missing).
  if (isUnknown(grant) && verdictState !== 'disabled' && notTargeting.length === 0) {
    return new Unknown(`Conditional Access policy "${displayName}": ${grant.reason}`);
  }
  return {
    index,
    id: str(policy['id']),
    displayName,
    state: verdictState,
    targets: notTargeting.length === 0,
    notTargeting,
    broadExclusions,
    grant: isUnknown(grant) ? 'unsatisfied' : grant,
  };
}

function checkRisk(what: string, levels: string[], required: readonly string[] | undefined, notTargeting: string[]): void {
  if (required) {
    const missing = required.filter((level) => !levels.includes(level.toLowerCase()));
    if (missing.length > 0) notTargeting.push(`its ${what} condition does not include ${missing.join(', ')}`);
  } else if (levels.length > 0) {
    notTargeting.push(`it applies only at ${what} ${levels.join(', ')}`);
  }
}

/** An alternative of the grant controls against the requirement; `unknown` when the input cannot say (with why). */
type Strength = 'none' | 'satisfied' | 'weaker' | { readonly unknown: string };

/**
 * What the grant controls require, against the requirement. Unknown when a control the input
 * cannot read (`unknownFutureValue`, a custom authentication strength known only by id) decides it.
 */
export function grantVerdict(grant: ValueObject, requirement: GrantRequirement): 'satisfied' | 'weaker' | 'unsatisfied' | Unknown {
  const operator = str(grant['operator']).toUpperCase() === 'AND' ? 'AND' : 'OR';
  const controls = lower(strings(grant['builtInControls']));
  const strength = obj(grant['authenticationStrength']);
  const hasStrength = Object.keys(strength).length > 0;
  const alternatives: Strength[] = [];
  for (const control of controls) alternatives.push(controlStrength(control, requirement, operator, controls, hasStrength));
  if (hasStrength) alternatives.push(authStrength(strength, requirement));
  for (const other of [...strings(grant['customAuthenticationFactors']), ...strings(grant['termsOfUse'])]) if (other) alternatives.push('none');
  const unknowns = alternatives.filter((a): a is { readonly unknown: string } => typeof a === 'object');
  if (unknowns.length === 0) return combine(alternatives as KnownStrength[], operator);
  // Decided only when the answer is the same whatever the unknown alternatives turn out to be.
  const best = combine(
    alternatives.map((a) => (typeof a === 'object' ? 'satisfied' : a)),
    operator,
  );
  const worst = combine(
    alternatives.map((a) => (typeof a === 'object' ? 'none' : a)),
    operator,
  );
  return best === worst ? best : new Unknown(unknowns[0]?.unknown ?? 'a grant control cannot be read');
}

type KnownStrength = Exclude<Strength, { readonly unknown: string }>;

function combine(alternatives: KnownStrength[], operator: 'AND' | 'OR'): 'satisfied' | 'weaker' | 'unsatisfied' {
  if (alternatives.length === 0) return 'unsatisfied';
  if (operator === 'AND') {
    if (alternatives.includes('satisfied')) return 'satisfied';
    return alternatives.includes('weaker') ? 'weaker' : 'unsatisfied';
  }
  if (alternatives.every((a) => a === 'satisfied')) return 'satisfied';
  return alternatives.every((a) => a !== 'none') ? 'weaker' : 'unsatisfied';
}

const UNKNOWN_CONTROL =
  'Microsoft Graph returned a grant control as unknownFutureValue (such as riskRemediation); collect again with the header "Prefer: include-unknown-enum-members"';

function controlStrength(control: string, requirement: GrantRequirement, operator: 'AND' | 'OR', controls: string[], hasStrength: boolean): Strength {
  if (control === 'block') return 'satisfied';
  if (control === 'unknownfuturevalue') return { unknown: UNKNOWN_CONTROL };
  switch (requirement) {
    case 'mfa':
      return control === 'mfa' ? 'satisfied' : 'none';
    case 'phishing-resistant-mfa':
      return control === 'mfa' ? 'weaker' : 'none';
    case 'block':
      return 'none';
    case 'password-change':
      // Entra requires passwordChange together with MFA, and riskRemediation together with an authentication strength (operator AND).
      if (control === 'passwordchange') return operator === 'AND' || controls.length === 1 ? 'satisfied' : 'none';
      if (control === 'riskremediation') return operator === 'AND' && hasStrength ? 'satisfied' : 'none';
      return control === 'mfa' && operator === 'AND' && controls.includes('passwordchange') ? 'satisfied' : 'none';
  }
}

/** Authentication methods that are multifactor on their own (`authenticationMethodModes`); a combination of two methods is too. */
const MULTIFACTOR_METHODS: readonly string[] = [
  'windowsHelloForBusiness',
  'fido2',
  'x509CertificateMultiFactor',
  'deviceBasedPush',
  'temporaryAccessPassOneTime',
  'temporaryAccessPassMultiUse',
  'federatedMultiFactor',
].map((method) => method.toLowerCase());

function authStrength(strength: ValueObject, requirement: GrantRequirement): Strength {
  if (requirement === 'block' || requirement === 'password-change') return 'none';
  // `/policies/authenticationStrengthPolicies/{id}` (Terraform) or the bare id (Graph).
  const id = (str(strength['id']).split('/').pop() ?? '').toLowerCase();
  const builtIn = id === AUTH_STRENGTH_MFA || id === AUTH_STRENGTH_PASSWORDLESS || id === AUTH_STRENGTH_PHISHING_RESISTANT;
  const combinations = strings(strength['allowedCombinations']);
  const satisfied = str(strength['requirementsSatisfied']).toLowerCase();
  // MFA: what the strength says it satisfies, else its combinations, else the built-in strengths (all three are MFA).
  const mfa =
    satisfied === 'mfa' || satisfied === 'none'
      ? satisfied === 'mfa'
      : combinations.length > 0
        ? combinations.every(isMultifactor)
        : builtIn
          ? true
          : undefined;
  if (mfa === undefined) {
    const name = str(strength['displayName']) || str(strength['id']);
    return { unknown: `its custom authentication strength "${name}" is known only by id: the input does not say which methods it allows` };
  }
  if (!mfa) return 'none';
  if (requirement === 'mfa') return 'satisfied';
  if (id === AUTH_STRENGTH_PHISHING_RESISTANT) return 'satisfied';
  if (combinations.length > 0 && combinations.every((combination) => isPhishingResistant(combination))) return 'satisfied';
  if (combinations.length === 0 && !builtIn) {
    const name = str(strength['displayName']) || str(strength['id']);
    return { unknown: `its custom authentication strength "${name}" is known only by id: the input does not say which methods it allows` };
  }
  return 'weaker';
}

/** A combination of two or more methods, or one method that is multifactor on its own. */
export function isMultifactor(combination: string): boolean {
  const methods = combination
    .split(',')
    .map((method) => method.trim().toLowerCase())
    .filter((method) => method !== '');
  return methods.length > 1 || (methods.length === 1 && MULTIFACTOR_METHODS.includes(methods[0] ?? ''));
}

/** `fido2`, `windowsHelloForBusiness`, `x509CertificateMultiFactor` (and combinations made of them only). */
export function isPhishingResistant(combination: string): boolean {
  return combination.split(',').every((method) => PHISHING_RESISTANT_METHODS.some((m) => m.toLowerCase() === method.trim().toLowerCase()));
}

function obj(value: Value | undefined): ValueObject {
  return isObject(value) ? value : {};
}

function str(value: Value | undefined): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: Value | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function lower(values: string[]): string[] {
  return values.map((value) => value.toLowerCase());
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The enabled-or-report-only policies in a collection, for rules that only need to know whether any is in force. */
export function enabledPolicies(policies: Value | undefined): ValueObject[] | Unknown {
  if (isUnknown(policies)) return policies;
  if (!Array.isArray(policies)) return [];
  const out: ValueObject[] = [];
  for (const policy of policies) {
    if (!isObject(policy)) continue;
    const state = policy['state'];
    if (isUnknown(state)) return state;
    if (typeof state === 'string' && state.toLowerCase() === 'enabled') out.push(policy);
  }
  return out;
}
