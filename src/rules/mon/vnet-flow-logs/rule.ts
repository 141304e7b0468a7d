import { z } from 'zod';
import { get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { isObject, isUnknown, type Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { asOfOption, parseDate } from '../../shared/dates.js';
import { vnetKeysOfIpConfigurations } from '../../shared/vnet.js';

const FLOW_LOG_TYPE = 'Microsoft.Network/networkWatchers/flowLogs';
/** NSG flow logs: no new ones from 30 Jun 2025, retired (removed) on 30 Sep 2027 (catalog §6). */
export const NSG_FLOW_LOGS_RETIREMENT = '2027-09-30';

/** The subnets of a VNet that name an NSG, inline or as child resources: NSG key → subnet. */
function subnetNsgs(vnet: Resource, children: readonly Resource[]): Set<string> {
  const keys = new Set<string>();
  const subnets = get(vnet, 'properties', 'subnets');
  const all = [...(Array.isArray(subnets) ? subnets : []), ...children.map((c) => c.body)];
  for (const subnet of all) {
    if (!isObject(subnet)) continue;
    const properties = subnet['properties'];
    const nsg = isObject(properties) && isObject(properties['networkSecurityGroup']) ? properties['networkSecurityGroup']['id'] : undefined;
    if (typeof nsg === 'string') keys.add(idKey(nsg));
  }
  return keys;
}

/**
 * The VNets the input's NICs sit in, read once per graph rather than once per VNet; `unknown` is
 * the first NIC whose subnets cannot be read (it may sit in any VNet).
 */
function nicVnets(graph: ResourceGraph): { vnets: Set<string>; unknown?: Unknown } {
  const vnets = new Set<string>();
  for (const nic of graph.ofType('Microsoft.Network/networkInterfaces')) {
    const keys = vnetKeysOfIpConfigurations(nic);
    if (isUnknown(keys)) return { vnets, unknown: keys };
    for (const key of keys) vnets.add(key);
  }
  return { vnets };
}

export default defineRule({
  id: 'AZV-MON-012',
  name: 'vnet-flow-logs',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/virtualNetworks'],
  title: {
    en: 'VNet flow logs enabled for VM networks with ≥ 90-day retention and traffic analytics (NSG flow logs retired)',
    ja: 'VM ネットワークで VNet フローログが有効（保持 90 日以上、トラフィック分析あり。NSG フローログは廃止）',
  },
  fix: {
    en: 'Create a Network Watcher flow log targeting the VNet, keep it at least 90 days (0 = forever), and turn on traffic analytics to the SIEM workspace at a 10-minute interval; migrate NSG flow logs to VNet flow logs.',
    ja: 'VNet を対象とする Network Watcher フローログを作成し、90 日以上保持し（0 は無期限）、SIEM ワークスペースへのトラフィック分析を 10 分間隔で有効にします。NSG フローログは VNet フローログへ移行します。',
  },
  messages: {
    noFlowLog: {
      en: 'Virtual network "{{vnet}}" hosts VMs but no enabled flow log covers it: lateral movement and exfiltration leave no network trace.',
      ja: '仮想ネットワーク "{{vnet}}" には VM がありますが、有効なフローログがありません。横展開や持ち出しのネットワーク上の痕跡が残りません。',
    },
    nsgFlowLogsOnly: {
      en: 'Virtual network "{{vnet}}" is covered only by NSG flow logs, which are retired on {{retirement}}: migrate to a VNet flow log.',
      ja: '仮想ネットワーク "{{vnet}}" は NSG フローログだけで記録されており、NSG フローログは {{retirement}} に廃止されます。VNet フローログへ移行してください。',
    },
    nsgFlowLogsRetired: {
      en: 'Virtual network "{{vnet}}" relies on NSG flow logs, retired since {{retirement}}: it has no working flow log.',
      ja: '仮想ネットワーク "{{vnet}}" は {{retirement}} に廃止された NSG フローログに依存しており、機能するフローログがありません。',
    },
    shortRetention: {
      en: 'Flow log "{{flowLog}}" keeps data {{days}} days, less than {{minimum}}.',
      ja: 'フローログ "{{flowLog}}" の保持期間は {{days}} 日で、{{minimum}} 日未満です。',
    },
    noTrafficAnalytics: {
      en: 'Flow log "{{flowLog}}" has no traffic analytics at a 10-minute interval: flows are not analysed in the workspace in time.',
      ja: 'フローログ "{{flowLog}}" に 10 分間隔のトラフィック分析がなく、フローがワークスペースで適時に分析されません。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-4'],
    'cis-azure-5.0.0': ['6.1.1.7', '7.8', '6.1.1.5', '7.5'],
    'azure-policy': ['4c3c6c5f-0d47-4402-99b8-aa543dd8bcee', '27960feb-a23c-4577-8d36-ef8b5f35e0be', '2f080164-9f4d-497e-9db6-416dc9f7b48a'],
    peers: ['checkov CKV_AZURE_12', 'prowler network_flow_log_more_than_90_days', 'prowler network_flow_log_captured_sent'],
  },
  options: z
    .object({
      minRetentionDays: z.number().int().positive().default(90),
      requireTrafficAnalytics: z.boolean().default(true),
      asOf: asOfOption,
    })
    .strict(),
  check(vnet, context) {
    // VM networks: a NIC of the input sits in one of its subnets.
    const nics = context.graph.derive(nicVnets);
    if (nics.unknown) return context.unknown(nics.unknown.reason);
    if (!nics.vnets.has(vnet.key)) return context.notApplicable('no VM network interface in this virtual network');
    const nsgs = subnetNsgs(vnet, context.graph.children(vnet, 'Microsoft.Network/virtualNetworks/subnets'));
    const covering: Resource[] = [];
    let nsgOnly = false;
    for (const flowLog of context.graph.ofType(FLOW_LOG_TYPE)) {
      const target = get(flowLog, 'properties', 'targetResourceId');
      const enabled = get(flowLog, 'properties', 'enabled');
      if (isUnknown(target)) return context.unknown(target.reason);
      if (isUnknown(enabled)) return context.unknown(enabled.reason);
      if (typeof target !== 'string' || enabled === false) continue;
      const key = idKey(target);
      if (key === vnet.key || key.startsWith(`${vnet.key}/subnets/`)) covering.push(flowLog);
      else if (key.includes('/microsoft.network/networkinterfaces/')) {
        const nic = context.graph.get(target, flowLog);
        const keys = nic ? vnetKeysOfIpConfigurations(nic) : [];
        if (!isUnknown(keys) && keys.includes(vnet.key)) covering.push(flowLog);
      } else if (nsgs.has(key)) nsgOnly = true;
    }
    if (covering.length === 0) {
      if (nsgOnly) {
        const retired = (parseDate(context.options.asOf) as number) >= (parseDate(NSG_FLOW_LOGS_RETIREMENT) as number);
        context.report(retired ? 'nsgFlowLogsRetired' : 'nsgFlowLogsOnly', { vnet: vnet.name, retirement: NSG_FLOW_LOGS_RETIREMENT });
      } else context.report('noFlowLog', { vnet: vnet.name });
      return;
    }
    const flowLog = covering[0] as Resource;
    const retention = get(flowLog, 'properties', 'retentionPolicy');
    if (isUnknown(retention)) return context.unknown(retention.reason);
    if (isObject(retention)) {
      const days = retention['days'];
      if (isUnknown(days)) return context.unknown(days.reason);
      const on = retention['enabled'] === true || retention['enabled'] === 'true';
      const minimum = context.options.minRetentionDays;
      if (on && typeof days === 'number' && days !== 0 && days < minimum)
        context.report('shortRetention', { flowLog: flowLog.name, days, minimum }, { resource: flowLog, at: '/properties/retentionPolicy/days' });
    }
    if (context.options.requireTrafficAnalytics) {
      const analytics = get(flowLog, 'properties', 'flowAnalyticsConfiguration', 'networkWatcherFlowAnalyticsConfiguration');
      if (isUnknown(analytics)) return context.unknown(analytics.reason);
      const enabled = isObject(analytics) && (analytics['enabled'] === true || analytics['enabled'] === 'true');
      const interval = isObject(analytics) ? analytics['trafficAnalyticsInterval'] : undefined;
      if (!enabled || interval === 60)
        context.report('noTrafficAnalytics', { flowLog: flowLog.name }, { resource: flowLog, at: '/properties/flowAnalyticsConfiguration' });
    }
  },
});
