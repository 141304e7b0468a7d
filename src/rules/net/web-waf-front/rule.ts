import { z } from 'zod';
import { tagAddress } from '../../../analyses/network/addresses.js';
import { formatPorts, pathText, touching, unknownReason } from '../../../analyses/network/checks.js';
import { networkAnalysis } from '../../../analyses/network/exposure.js';
import type { IntervalSet } from '../../../analyses/network/interval-set.js';
import { ports as portSet } from '../../../analyses/network/ports.js';
import { oncePerObject } from '../../../model/memo.js';
import { get, type Resource } from '../../../model/resource.js';
import { asArray, asBoolean, asString, isUnknown, prop, type Unknown } from '../../../model/value.js';
import { defineRule, type FindingTarget } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';

/** Whether an Application Gateway inspects traffic with a WAF: a WAF policy (gateway or listener), or the legacy WAF configuration on a WAF tier. */
export function gatewayHasWaf(gateway: Resource): boolean | Unknown {
  const policy = prop(get(gateway, 'properties', 'firewallPolicy'), 'id');
  if (isUnknown(policy)) return policy;
  if (typeof policy === 'string') return true;
  const listeners = asArray(get(gateway, 'properties', 'httpListeners'));
  if (isUnknown(listeners)) return listeners;
  const perListener = (listeners ?? []).map((listener) => prop(listener, 'properties', 'firewallPolicy', 'id'));
  const unknownListener = perListener.find(isUnknown);
  if (unknownListener) return unknownListener;
  if (perListener.length > 0 && perListener.every((id) => typeof id === 'string')) return true;
  const tier = asString(get(gateway, 'properties', 'sku', 'tier'));
  const config = get(gateway, 'properties', 'webApplicationFirewallConfiguration');
  const enabled = asBoolean(prop(Array.isArray(config) ? config[0] : config, 'enabled'));
  if (isUnknown(tier)) return tier;
  if (isUnknown(enabled)) return enabled;
  return enabled === true && (tier ?? '').toLowerCase().startsWith('waf');
}

export default defineRule({
  id: 'AZV-NET-019',
  name: 'web-waf-front',
  pillar: 'NET',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Web-facing VMs are published through Application Gateway WAF (or Front Door WAF), not directly',
    ja: 'Web 公開する VM は Application Gateway WAF（または Front Door WAF）経由で公開し、直接公開しない',
  },
  fix: {
    en: 'Publish the site through an Application Gateway WAF_v2 with a WAF policy, remove the public IP / load-balancer rule, and allow web ports in the VM NSG from the gateway subnet only.',
    ja: 'WAF ポリシー付きの Application Gateway WAF_v2 経由で公開し、パブリック IP／ロードバランサーの規則を削除して、VM の NSG ではゲートウェイサブネットからの Web ポートのみ許可します。',
  },
  messages: {
    direct: {
      en: '{{machine}} "{{name}}" serves web traffic on TCP {{ports}} to the Internet directly through {{path}}: no web application firewall inspects the requests.',
      ja: '{{machine}} "{{name}}" は、{{path}} を通じて Web ポート {{ports}} をインターネットへ直接公開しており、要求を検査する WAF がありません。',
    },
    noWaf: {
      en: '{{machine}} "{{name}}" is published on TCP {{ports}} through Application Gateway "{{gateway}}", which has no WAF policy or enabled WAF configuration.',
      ja: '{{machine}} "{{name}}" は Application Gateway "{{gateway}}" 経由で Web ポート {{ports}} を公開していますが、そのゲートウェイに WAF ポリシーも有効な WAF 構成もありません。',
    },
  },
  phrases: ['path'],
  mappings: {
    'mcsb-v1': ['NS-6'],
    'cis-azure-5.0.0': ['7.10'],
    'azure-policy': ['564feb30-bf6a-4854-b4bb-0d2d2d1e6c66', 'ff1f1879-a60d-4f23-9641-41e7391ec19a'],
    peers: ['checkov CKV_AZURE_120', 'PSRule Azure.AppGwWAF.Enabled', 'KICS WAF Is Disabled For Azure Application Gateway'],
  },
  options: z
    .object({
      /** TCP ports that count as web traffic. */
      webPorts: z.array(z.number().int().min(1).max(65535)).default([80, 443, 8080, 8443]),
    })
    .strict(),
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    const web = webPortSet(context.options.webPorts);
    const exposures = touching(network.exposures, web, 'Tcp');
    const decided = exposures.filter((exposure) => exposure.reach !== 'unknown');
    // One finding per gateway or direct path and place, its web ports together.
    const reported = new Map<string, Finding>();
    const add = (key: string, finding: Finding): void => {
      const seen = reported.get(key);
      reported.set(key, seen ? { ...seen, ports: seen.ports.union(finding.ports) } : finding);
    };
    // Why a gateway's WAF cannot be told: the verdict when nothing is reported.
    let wafUnknown: string | undefined;
    for (const exposure of decided) {
      // An origin open to Front Door's back ends alone is published through Front Door, whose WAF
      // security policy AZV-NET-021 judges.
      if (FRONT_DOOR_BACKEND.covers(exposure.sources)) continue;
      const ports = exposure.ports.intersect(web);
      if (exposure.path.kind === 'application-gateway') {
        const gateway = context.graph.get(exposure.path.via.id, vm);
        if (!gateway) continue;
        const waf = gatewayHasWaf(gateway);
        if (isUnknown(waf)) {
          wafUnknown ??= waf.reason;
          continue;
        }
        if (!waf) add(`waf|${gateway.key}`, { messageId: 'noWaf', data: { gateway: gateway.name }, target: { resource: gateway, at: '' }, ports });
        continue;
      }
      const path = pathText(exposure);
      const via = exposure.path.via.id ? context.graph.get(exposure.path.via.id, vm) : undefined;
      const target = via ? { resource: via, at: exposure.path.rule?.pointer ?? '' } : { at: '' };
      add(`direct|${path}|${via?.key ?? ''}|${target.at}`, { messageId: 'direct', data: { path }, target, ports });
    }
    for (const { messageId, data, target, ports } of reported.values())
      context.report(messageId, { name: vm.name, ...data, ports: formatPorts(ports) }, target);
    if (reported.size > 0) return;
    const reason = wafUnknown ?? unknownReason(network, exposures);
    if (reason !== undefined) return context.unknown(reason);
    if (decided.length === 0) return context.notApplicable('no web port is reachable from the Internet');
  },
});

const FRONT_DOOR_BACKEND = tagAddress('AzureFrontDoor.Backend');

/** A finding to report, with the web ports of the exposures behind it. */
interface Finding {
  readonly messageId: 'direct' | 'noWaf';
  readonly data: Readonly<Record<string, string>>;
  readonly target: FindingTarget;
  readonly ports: IntervalSet;
}

/** The options of a run are one object for every VM: their port set is built once. */
const webPortSet = oncePerObject((webPorts: readonly number[]) => portSet(...webPorts));
