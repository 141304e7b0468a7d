import { z } from 'zod';
import type { ResourceGraph } from '../../../model/graph.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { idKey, parentId } from '../../../model/resource-id.js';
import { asArray, asString, isUnknown, prop, Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { asOfOption, DAY_MS, daysBetween, parseDate } from '../../shared/dates.js';

/** Retiring edge tiers and their retirement days (rule catalog §6). */
export const RETIREMENTS: Readonly<Record<string, { readonly tier: string; readonly date: string }>> = {
  frontdoorclassic: { tier: 'Azure Front Door (classic)', date: '2027-03-31' },
  standard_microsoft: { tier: 'Azure CDN Standard from Microsoft (classic)', date: '2027-09-30' },
  standard_verizon: { tier: 'Azure CDN from Edgio', date: '2025-01-15' },
  premium_verizon: { tier: 'Azure CDN from Edgio', date: '2025-01-15' },
  standard_akamai: { tier: 'Azure CDN Standard from Akamai', date: '2023-10-31' },
};

function childrenOf(graph: ResourceGraph, profile: Resource, type: string): Resource[] {
  // Where several inputs declare the profile's id, the children that read this one (`graph.get`): its own input's.
  return graph.ofType(type).filter((child) => idKey(parentId(child.id) ?? '') === profile.key && graph.reads(child, profile));
}

/**
 * Domain and endpoint keys a WAF security policy of the profile covers. Unknown when a WAF policy
 * read from Azure links a security policy of the profile that the input does not hold (a snapshot
 * without the profile's child resources).
 */
function protectedKeys(graph: ResourceGraph, profile: Resource): Set<string> | Unknown {
  const keys = new Set<string>();
  const policies = childrenOf(graph, profile, 'Microsoft.Cdn/profiles/securityPolicies');
  const held = new Set(policies.map((policy) => policy.key));
  for (const waf of graph.ofType('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies')) {
    const links = asArray(get(waf, 'properties', 'securityPolicyLinks'));
    for (const link of Array.isArray(links) ? links : []) {
      const id = prop(link, 'id');
      if (typeof id === 'string' && idKey(parentId(id) ?? '') === profile.key && !held.has(idKey(id)))
        return new Unknown(`WAF policy '${waf.name}' is linked to security policy '${id.split('/').pop() ?? id}' of the profile, which is not in the input`);
    }
  }
  for (const policy of policies) {
    const type = asString(get(policy, 'properties', 'parameters', 'type'));
    if (isUnknown(type)) return type;
    if (type?.toLowerCase() !== 'webapplicationfirewall') continue;
    const waf = prop(get(policy, 'properties', 'parameters', 'wafPolicy'), 'id');
    if (isUnknown(waf)) return waf;
    if (typeof waf !== 'string') continue;
    const associations = asArray(get(policy, 'properties', 'parameters', 'associations'));
    if (isUnknown(associations)) return associations;
    for (const association of associations ?? []) {
      const domains = asArray(prop(association, 'domains'));
      if (isUnknown(domains)) return domains;
      for (const domain of domains ?? []) {
        const id = prop(domain, 'id');
        if (isUnknown(id)) return id;
        if (typeof id === 'string') keys.add(idKey(id));
      }
    }
  }
  return keys;
}

/**
 * A security policy of the same input whose profile is named by a value not known (a module's
 * parameter set from another module's output keeps its expression text): it may be this profile's.
 */
function unplacedSecurityPolicy(graph: ResourceGraph, profile: Resource): Resource | undefined {
  return graph.ofType('Microsoft.Cdn/profiles/securityPolicies').find((policy) => {
    if (policy.input !== profile.input || !policy.name.includes('[')) return false;
    const parent = parentId(policy.id);
    return parent === undefined || graph.get(parent) === undefined;
  });
}

export default defineRule({
  id: 'AZV-NET-021',
  name: 'front-door-cdn',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Cdn/profiles', 'Microsoft.Network/frontDoors'],
  title: {
    en: 'Front Door / CDN in front of VMs: WAF security policy attached, origins locked down, no retiring classic tiers',
    ja: 'VM 前段の Front Door／CDN: WAF セキュリティ ポリシー関連付け、オリジンの閉域化、廃止予定のクラシック層を使用しない',
  },
  fix: {
    en: 'Migrate classic Front Door and CDN profiles to Front Door Standard/Premium, and associate a WAF security policy with every endpoint and custom domain.',
    ja: 'クラシックの Front Door／CDN プロファイルを Front Door Standard/Premium へ移行し、すべてのエンドポイントとカスタム ドメインに WAF セキュリティ ポリシーを関連付けます。',
  },
  messages: {
    noWaf: {
      en: 'Front Door "{{name}}": {{domain}} has no WAF security policy, so requests reach the origin uninspected.',
      ja: 'Front Door "{{name}}" の{{domain}} に WAF セキュリティ ポリシーがなく、要求が検査されずにオリジンへ届きます。',
    },
    retiring: {
      en: '"{{name}}" is {{tier}}, which retires on {{retirement}} ({{days}} days after {{asOf}}).',
      ja: '"{{name}}" は {{tier}} で、{{asOf}} から {{days}} 日後の {{retirement}} に廃止されます。',
    },
    retired: {
      en: '"{{name}}" is {{tier}}, retired on {{retirement}}.',
      ja: '"{{name}}" は {{retirement}} に廃止された {{tier}} です。',
    },
  },
  phrases: ['domain', 'tier'],
  mappings: {
    'mcsb-v1': ['NS-6'],
    'azure-policy': ['055aa869-bc98-4af8-bafc-23f1ab6ffe2c'],
    peers: ['checkov CKV_AZURE_121', 'KICS Azure Front Door WAF Disabled'],
  },
  options: z
    .object({
      /** The date the verdict is computed for. */
      asOf: asOfOption,
      /** A retiring tier becomes a failure this many days before it retires. */
      leadTimeDays: z.number().int().min(0).default(365),
    })
    .strict(),
  check(resource, context) {
    const classic = resource.type.toLowerCase() === 'microsoft.network/frontdoors';
    const sku = classic ? 'FrontDoorClassic' : asString(get(resource, 'sku', 'name'));
    if (isUnknown(sku)) return context.unknown(sku.reason);
    const retirement = sku === undefined ? undefined : RETIREMENTS[sku.toLowerCase()];
    if (retirement) {
      const asOf = parseDate(context.options.asOf) as number;
      const day = parseDate(retirement.date) as number;
      const target = { at: classic ? '' : at(resource, 'sku').pointer };
      if (asOf >= day) context.report('retired', { name: resource.name, tier: retirement.tier, retirement: retirement.date }, target);
      else if (asOf >= day - context.options.leadTimeDays * DAY_MS)
        context.report(
          'retiring',
          { name: resource.name, tier: retirement.tier, retirement: retirement.date, days: daysBetween(asOf, day), asOf: context.options.asOf },
          target,
        );
    }
    if (classic) {
      const endpoints = at(resource, 'properties', 'frontendEndpoints');
      if (isUnknown(endpoints.value)) return context.unknown(endpoints.value.reason);
      for (const [index, endpoint] of (Array.isArray(endpoints.value) ? endpoints.value : []).entries()) {
        const link = prop(endpoint, 'properties', 'webApplicationFirewallPolicyLink', 'id');
        if (isUnknown(link)) return context.unknown(link.reason);
        const name = asString(prop(endpoint, 'name'));
        if (typeof link !== 'string' || link === '')
          context.report(
            'noWaf',
            { name: resource.name, domain: `frontend endpoint "${typeof name === 'string' ? name : index}"` },
            { at: `${endpoints.pointer}/${index}` },
          );
      }
      return;
    }
    if (!sku || !sku.toLowerCase().endsWith('_azurefrontdoor')) return retirement ? undefined : context.notApplicable(`CDN profile SKU ${sku ?? 'not set'}`);
    const covered = protectedKeys(context.graph, resource);
    if (isUnknown(covered)) return context.unknown(covered.reason);
    const uncovered = (
      [
        ['Microsoft.Cdn/profiles/afdEndpoints', 'endpoint'],
        ['Microsoft.Cdn/profiles/customDomains', 'custom domain'],
      ] as const
    ).flatMap(([type, label]) => childrenOf(context.graph, resource, type).flatMap((child) => (covered.has(child.key) ? [] : [{ child, label }])));
    if (uncovered.length === 0) return;
    const unplaced = unplacedSecurityPolicy(context.graph, resource);
    if (unplaced) return context.unknown(`the profile of security policy '${unplaced.name}' is not known: it may be this one, and cover its endpoints`);
    for (const { child, label } of uncovered)
      context.report('noWaf', { name: resource.name, domain: `${label} "${child.name.split('/').pop() ?? child.name}"` }, { resource: child, at: '' });
  },
});
