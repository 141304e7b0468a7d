import type { ResourceGraph } from '../../../model/graph.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { asArray, asBoolean, asString, isUnknown, prop, type Lookup, type Unknown, type Value } from '../../../model/value.js';
import { defineRule, type CheckOutcome, type RuleContext } from '../../define-rule.js';

const FRONT_DOOR_POLICY = 'microsoft.network/frontdoorwebapplicationfirewallpolicies';

/**
 * Oldest managed rule set versions still current, by rule set type (lower case): Azure WAF supports
 * the latest three releases, N to N-2 (Application Gateway DRS 2.2, 2.1 and CRS 3.2; Front Door DRS
 * 2.2, 2.1 and 2.0), and Front Door's DRS 1.x (`DefaultRuleSet` 1.0, `Microsoft_DefaultRuleSet` 1.1
 * and 1.2) is past them (ruleset support policy).
 */
const CURRENT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  appGateway: { owasp: '3.2', microsoft_defaultruleset: '2.1' },
  frontDoor: { microsoft_defaultruleset: '2.0' },
};

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (Number.isNaN(x)) return false;
    if (x !== y) return x > y;
  }
  return true;
}

interface RuleSets {
  readonly current: boolean;
  readonly bot: boolean;
  readonly text: string;
}

function ruleSets(list: Lookup, family: 'appGateway' | 'frontDoor'): RuleSets | Unknown {
  if (isUnknown(list.value)) return list.value;
  const sets = asArray(list.value) ?? [];
  if (isUnknown(sets)) return sets;
  let current = false;
  let bot = false;
  const text: string[] = [];
  for (const set of sets) {
    const type = asString(prop(set, 'ruleSetType'));
    const version = asString(prop(set, 'ruleSetVersion'));
    if (isUnknown(type)) return type;
    if (isUnknown(version)) return version;
    if (type === undefined) continue;
    text.push(`${type} ${version ?? ''}`.trim());
    if (type.toLowerCase() === 'microsoft_botmanagerruleset') bot = true;
    const minimum = CURRENT[family]?.[type.toLowerCase()];
    if (minimum !== undefined && version !== undefined && versionAtLeast(version, minimum)) current = true;
  }
  return { current, bot, text: text.length > 0 ? text.join(', ') : 'none' };
}

/** What associates a WAF policy: gateways (whole, per listener, per path) and Front Door (classic, and Standard / Premium security policies). */
const POLICY_USERS = ['Microsoft.Network/applicationGateways', 'Microsoft.Network/frontDoors', 'Microsoft.Cdn/profiles/securityPolicies'];
/**
 * Where each user names a WAF policy (`*`: every entry of a list), and which policies it may name:
 * gateways Application Gateway policies, Front Door (classic, and Standard / Premium security
 * policies) Front Door policies.
 */
const POLICY_REFERENCES: readonly { readonly type: string; readonly frontDoor: boolean; readonly paths: readonly (readonly string[])[] }[] = [
  {
    type: 'Microsoft.Network/applicationGateways',
    frontDoor: false,
    paths: [
      ['properties', 'firewallPolicy'],
      ['properties', 'httpListeners', '*', 'properties', 'firewallPolicy'],
      ['properties', 'urlPathMaps', '*', 'properties', 'pathRules', '*', 'properties', 'firewallPolicy'],
    ],
  },
  {
    type: 'Microsoft.Network/frontDoors',
    frontDoor: true,
    paths: [['properties', 'frontendEndpoints', '*', 'properties', 'webApplicationFirewallPolicyLink']],
  },
  { type: 'Microsoft.Cdn/profiles/securityPolicies', frontDoor: true, paths: [['properties', 'parameters', 'wafPolicy']] },
];

/** The first value not known on the way to `path` (a list, an entry, the reference or its id). */
function unknownReference(value: Value | undefined, path: readonly string[]): Unknown | undefined {
  if (isUnknown(value)) return value;
  const [step, ...rest] = path;
  if (step === undefined) {
    const id = prop(value, 'id');
    return isUnknown(id) ? id : undefined;
  }
  if (step !== '*') return unknownReference(prop(value, step), rest);
  for (const entry of Array.isArray(value) ? value : []) {
    const found = unknownReference(entry, rest);
    if (found) return found;
  }
  return undefined;
}

/**
 * Per family (Front Door or not), why a policy no gateway or Front Door in the input names may yet
 * be used: the first user whose policy reference is not known. Once per graph.
 */
function unknownPolicyUsers(graph: ResourceGraph): { frontDoor?: string; appGateway?: string } {
  const found: { frontDoor?: string; appGateway?: string } = {};
  for (const { type, frontDoor, paths } of POLICY_REFERENCES) {
    const family = frontDoor ? 'frontDoor' : 'appGateway';
    for (const user of graph.ofType(type)) {
      if (found[family] !== undefined) break;
      const unknown = paths.map((path) => unknownReference(user.body, path)).find((value) => value !== undefined);
      if (unknown) found[family] = `the WAF policy of ${type} '${user.name}' is not known (${unknown.reason}): it may be this one`;
    }
  }
  return found;
}

/** What a deployed WAF policy lists as using it: Front Door security policies and endpoints, gateways, listeners and path rules. */
const BACK_LINKS = ['securityPolicyLinks', 'frontendEndpointLinks', 'routingRuleLinks', 'applicationGateways', 'httpListeners', 'pathBasedRules'];

export default defineRule({
  id: 'AZV-NET-020',
  name: 'waf-policy-mode',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [
    'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies',
    'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies',
    'Microsoft.Network/applicationGateways',
  ],
  title: {
    en: 'WAF policies are enabled, in Prevention mode, with current managed rule sets (App Gateway and Front Door)',
    ja: 'WAF ポリシーが有効・防止 (Prevention) モード・最新マネージドルールセット（App Gateway／Front Door）',
  },
  fix: {
    en: 'Set the WAF policy state to Enabled and mode to Prevention, keep request body inspection on, and use OWASP 3.2 / DRS 2.1 or later plus the Bot Manager rule set (Front Door: Premium tier).',
    ja: 'WAF ポリシーの状態を Enabled、モードを Prevention にし、要求本文の検査を有効のまま、OWASP 3.2／DRS 2.1 以降と Bot Manager ルールセットを使います（Front Door では Premium レベル）。',
  },
  messages: {
    disabled: {
      en: 'WAF "{{name}}" is not enabled (state {{state}}): requests reach the VMs uninspected.',
      ja: 'WAF "{{name}}" が有効ではありません（状態 {{state}}）。要求が検査されずに VM に届きます。',
    },
    detection: {
      en: 'WAF "{{name}}" is in {{mode}} mode: attacks are logged but not blocked.',
      ja: 'WAF "{{name}}" は {{mode}} モードです。攻撃は記録されるだけでブロックされません。',
    },
    noBodyCheck: {
      en: 'WAF "{{name}}" does not inspect request bodies: injection payloads in POST bodies pass.',
      ja: 'WAF "{{name}}" は要求本文を検査しません。POST 本文内のインジェクションが通過します。',
    },
    outdatedRuleSet: {
      en: 'WAF "{{name}}" has no current managed rule set (has: {{ruleSets}}); use OWASP 3.2 or Microsoft_DefaultRuleSet 2.x.',
      ja: 'WAF "{{name}}" に最新のマネージドルールセットがありません（現在: {{ruleSets}}）。OWASP 3.2 または Microsoft_DefaultRuleSet 2.x を使います。',
    },
    noBotManager: {
      en: 'WAF "{{name}}" has no Bot Manager rule set: known malicious bots and scanners are not blocked.',
      ja: 'WAF "{{name}}" に Bot Manager ルールセットがありません。既知の悪性ボットやスキャナーがブロックされません。',
    },
    standardTier: {
      en: 'WAF "{{name}}" is a Front Door Standard policy, which supports custom rules only: no managed rule set (DRS, Bot Manager) can protect the origin; move to Front Door Premium.',
      ja: 'WAF "{{name}}" は Front Door Standard のポリシーで、カスタムルールのみをサポートします。マネージドルールセット（DRS、Bot Manager）でオリジンを保護できないため、Front Door Premium へ移行します。',
    },
  },
  phrases: ['state'],
  mappings: {
    'mcsb-v1': ['NS-6'],
    'cis-azure-5.0.0': ['7.14', '7.15'],
    'azure-policy': [
      '12430be1-6cc8-4527-a9a8-e3d38f250096',
      '425bea59-a659-4cbb-8d31-34499bd030b8',
      'ca85ef9a-741d-461d-8b7a-18c2da82c666',
      '4598f028-de1f-4694-8751-84dceb5f86b9',
      'ebea0d86-7fbd-42e3-8a46-27e7568c2525',
      '27f7fb01-5fdb-44ad-954c-d582f8659533',
    ],
    peers: ['checkov CKV_AZURE_122', 'checkov CKV_AZURE_123', 'PSRule Azure.AppGwWAF.PreventionMode', 'PSRule Azure.FrontDoorWAF.PreventionMode'],
  },
  check(resource, context) {
    const type = resource.type.toLowerCase();
    const name = resource.name;
    if (type === 'microsoft.network/applicationgateways') {
      // Gateways with a WAF policy are judged through the policy; this judges the legacy configuration.
      const policy = get(resource, 'properties', 'firewallPolicy');
      if (isUnknown(policy)) return context.unknown(policy.reason);
      if (policy !== undefined && policy !== null) return context.notApplicable('the gateway uses a WAF policy, judged on its own');
      // The ARM shape is an object; a reader that keeps the Terraform block list gives a one-item array.
      const written = at(resource, 'properties', 'webApplicationFirewallConfiguration');
      const config = Array.isArray(written.value) ? { value: written.value[0], pointer: `${written.pointer}/0` } : written;
      if (isUnknown(config.value)) return context.unknown(config.value.reason);
      if (config.value === undefined || config.value === null) return context.notApplicable('the gateway has no WAF (AZV-NET-019 judges that)');
      const enabled = asBoolean(prop(config.value, 'enabled'));
      const mode = asString(prop(config.value, 'firewallMode'));
      const version = asString(prop(config.value, 'ruleSetVersion'));
      if (isUnknown(enabled)) return context.unknown(enabled.reason);
      if (isUnknown(mode)) return context.unknown(mode.reason);
      if (isUnknown(version)) return context.unknown(version.reason);
      if (enabled !== true) return void context.report('disabled', { name, state: enabled === false ? 'false' : 'not set' }, { at: config.pointer });
      if ((mode ?? 'Detection').toLowerCase() !== 'prevention') context.report('detection', { name, mode: mode ?? 'Detection' }, { at: config.pointer });
      if (typeof version !== 'string' || !versionAtLeast(version, '3.2'))
        context.report('outdatedRuleSet', { name, ruleSets: `OWASP ${typeof version === 'string' ? version : '(default)'}` }, { at: config.pointer });
      return;
    }
    // A policy read from Azure lists what uses it, which may be outside the input.
    const linked = BACK_LINKS.some((link) => {
      const links = asArray(get(resource, 'properties', link));
      return Array.isArray(links) && links.length > 0;
    });
    if (linked || context.graph.referencesTo(resource, POLICY_USERS).length > 0) return checkPolicy(resource, context);
    // A gateway or Front Door whose policy is not known may use this one: the policy is judged as if
    // it did, its findings only counted, and is unknown where it would not pass.
    const none = 'no gateway or Front Door in the input uses this policy';
    const unsure = context.graph.derive(unknownPolicyUsers)[type === FRONT_DOOR_POLICY ? 'frontDoor' : 'appGateway'];
    if (unsure === undefined) return context.notApplicable(none);
    let failed = false;
    const outcome = checkPolicy(resource, {
      ...context,
      report: () => {
        failed = true;
      },
    });
    return failed || outcome?.kind === 'unknown' ? context.unknown(unsure) : context.notApplicable(none);
  },
});

type MessageId = 'disabled' | 'detection' | 'noBodyCheck' | 'outdatedRuleSet' | 'noBotManager' | 'standardTier';

/** Judges a WAF policy (Application Gateway or Front Door) on its settings and managed rule sets. */
function checkPolicy(resource: Resource, context: RuleContext<MessageId, unknown>): CheckOutcome | undefined {
  const name = resource.name;
  const frontDoor = resource.type.toLowerCase() === FRONT_DOOR_POLICY;
  const settings = at(resource, 'properties', 'policySettings');
  if (isUnknown(settings.value)) return context.unknown(settings.value.reason);
  const state = asString(prop(settings.value, frontDoor ? 'enabledState' : 'state'));
  const mode = asString(prop(settings.value, 'mode'));
  const body = prop(settings.value, 'requestBodyCheck');
  if (isUnknown(state)) return context.unknown(state.reason);
  if (isUnknown(mode)) return context.unknown(mode.reason);
  if (isUnknown(body)) return context.unknown(body.reason);
  const pointer = settings.value === undefined ? '' : settings.pointer;
  if ((state ?? '').toLowerCase() !== 'enabled') context.report('disabled', { name, state: state ?? 'not set' }, { at: pointer });
  if ((mode ?? 'Detection').toLowerCase() !== 'prevention') context.report('detection', { name, mode: mode ?? 'Detection' }, { at: pointer });
  if (body === false || (typeof body === 'string' && ['disabled', 'false'].includes(body.toLowerCase())))
    context.report('noBodyCheck', { name }, { at: pointer });
  if (frontDoor) {
    // Front Door Standard supports custom rules only: one finding for the tier instead of asking for rule sets it cannot hold.
    const sku = at(resource, 'sku', 'name');
    const tier = asString(sku.value);
    if (isUnknown(tier)) return context.unknown(tier.reason);
    if (tier?.toLowerCase() === 'standard_azurefrontdoor') return void context.report('standardTier', { name }, { at: sku.pointer });
  }
  const sets = ruleSets(at(resource, 'properties', 'managedRules', 'managedRuleSets'), frontDoor ? 'frontDoor' : 'appGateway');
  if (isUnknown(sets)) return context.unknown(sets.reason);
  const rulesPointer = at(resource, 'properties', 'managedRules').pointer;
  if (!sets.current) context.report('outdatedRuleSet', { name, ruleSets: sets.text }, { at: rulesPointer });
  if (!sets.bot) context.report('noBotManager', { name }, { at: rulesPointer });
  return undefined;
}
