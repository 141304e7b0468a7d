import { z } from 'zod';
import { get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { pushTo } from '../../../model/multimap.js';
import { asBoolean, isObject, isUnknown, prop, type Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { asOfOption, parseDate } from '../../shared/dates.js';
import { vnetKeysOfIpConfigurations } from '../../shared/vnet.js';

const FLOW_LOG_TYPE = 'Microsoft.Network/networkWatchers/flowLogs';
/** NSG flow logs: no new ones from 30 Jun 2025, retired (removed) on 30 Sep 2027 (catalog §6). */
export const NSG_FLOW_LOGS_RETIREMENT = '2027-09-30';

/**
 * The NSGs the subnets of a VNet name, inline or as child resources, by the `graph.keyOf` of the NSG
 * the VNet reads (`graph.referenceKey`): another input's NSG with the same id is another NSG.
 */
function subnetNsgs(graph: ResourceGraph, vnet: Resource, children: readonly Resource[]): Set<string> {
  const keys = new Set<string>();
  const subnets = get(vnet, 'properties', 'subnets');
  const all = [...(Array.isArray(subnets) ? subnets.map((body) => ({ body, from: vnet })) : []), ...children.map((c) => ({ body: c.body, from: c }))];
  for (const { body, from } of all) {
    if (!isObject(body)) continue;
    const nsg = prop(body, 'properties', 'networkSecurityGroup', 'id');
    if (typeof nsg === 'string') keys.add(graph.referenceKey(idKey(nsg), from));
  }
  return keys;
}

/** A NIC and the subnets (comparison keys) its IP configurations sit in. */
interface NicPlace {
  readonly nic: Resource;
  readonly subnets: readonly string[];
}

/**
 * The input's NICs by the `graph.keyOf` of the VNet they sit in (as `graph.get` follows it from the
 * NIC), read once per graph rather than once per VNet;
 * `unknown` is the first NIC whose subnets cannot be read (it may sit in any VNet).
 */
function nicsByVnet(graph: ResourceGraph): { vnets: Map<string, NicPlace[]>; unknown?: Unknown } {
  const vnets = new Map<string, NicPlace[]>();
  for (const nic of graph.ofType('Microsoft.Network/networkInterfaces')) {
    const keys = vnetKeysOfIpConfigurations(nic);
    if (isUnknown(keys)) return { vnets, unknown: keys };
    const configurations = get(nic, 'properties', 'ipConfigurations');
    const subnets = (Array.isArray(configurations) ? configurations : [])
      .map((configuration) => prop(configuration, 'properties', 'subnet', 'id'))
      .filter((id): id is string => typeof id === 'string')
      .map((id) => idKey(id));
    for (const key of keys) pushTo(vnets, graph.referenceKey(key, nic), { nic, subnets });
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
    uncoveredNics: {
      en: 'Virtual network "{{vnet}}" has flow logs, but none covers network interface(s) {{nics}}: the logs target other subnets or NICs.',
      ja: '仮想ネットワーク "{{vnet}}" にはフローログがありますが、ネットワーク インターフェイス {{nics}} を対象とするものはありません。フローログは別のサブネットまたは NIC を対象としています。',
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
    const read = context.graph.derive(nicsByVnet);
    if (read.unknown) return context.unknown(read.unknown.reason);
    const nics = read.vnets.get(context.graph.keyOf(vnet)) ?? [];
    if (nics.length === 0) return context.notApplicable('no VM network interface in this virtual network');
    const nsgs = subnetNsgs(context.graph, vnet, context.graph.children(vnet, 'Microsoft.Network/virtualNetworks/subnets'));
    // A flow log covers only its target: the VNet, one subnet, or one NIC.
    let vnetLog: Resource | undefined;
    const subnetLogs = new Map<string, Resource>();
    const nicLogs = new Map<string, Resource>();
    let nsgOnly = false;
    for (const flowLog of context.graph.ofType(FLOW_LOG_TYPE)) {
      const target = get(flowLog, 'properties', 'targetResourceId');
      const enabled = get(flowLog, 'properties', 'enabled');
      if (isUnknown(target)) return context.unknown(target.reason);
      if (isUnknown(enabled)) return context.unknown(enabled.reason);
      if (typeof target !== 'string' || enabled === false) continue;
      const key = idKey(target);
      // Where several inputs declare the VNet's id, a flow log on it or its subnets covers the one it reads (`graph.get`).
      const ours = context.graph.reads(flowLog, vnet);
      if (key === vnet.key) {
        if (ours) vnetLog ??= flowLog;
      } else if (key.startsWith(`${vnet.key}/subnets/`)) {
        if (ours && !subnetLogs.has(key)) subnetLogs.set(key, flowLog);
      } else if (key.includes('/microsoft.network/networkinterfaces/')) {
        const nicKey = context.graph.referenceKey(key, flowLog);
        if (!nicLogs.has(nicKey)) nicLogs.set(nicKey, flowLog);
      } else if (nsgs.has(context.graph.referenceKey(key, flowLog))) nsgOnly = true;
    }
    // Each NIC is judged on the most specific flow log that covers it: its own, its subnet's, the VNet's.
    const covering = new Set<Resource>();
    const uncovered: string[] = [];
    for (const { nic, subnets } of nics) {
      const subnetLog = subnets.map((subnet) => subnetLogs.get(subnet)).find((log) => log !== undefined);
      const flowLog = nicLogs.get(context.graph.keyOf(nic)) ?? subnetLog ?? vnetLog;
      if (flowLog) covering.add(flowLog);
      else uncovered.push(nic.name);
    }
    if (covering.size === 0) {
      if (nsgOnly) {
        const retired = (parseDate(context.options.asOf) as number) >= (parseDate(NSG_FLOW_LOGS_RETIREMENT) as number);
        context.report(retired ? 'nsgFlowLogsRetired' : 'nsgFlowLogsOnly', { vnet: vnet.name, retirement: NSG_FLOW_LOGS_RETIREMENT });
      } else context.report('noFlowLog', { vnet: vnet.name });
      return;
    }
    if (uncovered.length > 0) context.report('uncoveredNics', { vnet: vnet.name, nics: uncovered.join(', ') });
    for (const flowLog of covering) {
      const retention = get(flowLog, 'properties', 'retentionPolicy');
      if (isUnknown(retention)) return context.unknown(retention.reason);
      if (isObject(retention)) {
        const days = prop(retention, 'days');
        if (isUnknown(days)) return context.unknown(days.reason);
        const on = asBoolean(prop(retention, 'enabled'));
        const minimum = context.options.minRetentionDays;
        if (on !== false && on !== undefined && typeof days === 'number' && days !== 0 && days < minimum) {
          // Whether the short retention applies at all is not known: off, the logs are kept forever.
          if (isUnknown(on)) return context.unknown(`whether flow log "${flowLog.name}" keeps data only ${days} days is not known: ${on.reason}`);
          context.report('shortRetention', { flowLog: flowLog.name, days, minimum }, { resource: flowLog, at: '/properties/retentionPolicy/days' });
        }
      }
      if (context.options.requireTrafficAnalytics) {
        const analytics = get(flowLog, 'properties', 'flowAnalyticsConfiguration', 'networkWatcherFlowAnalyticsConfiguration');
        if (isUnknown(analytics)) return context.unknown(analytics.reason);
        const enabled = isObject(analytics) && (prop(analytics, 'enabled') === true || prop(analytics, 'enabled') === 'true');
        const written = prop(analytics, 'trafficAnalyticsInterval');
        if (isUnknown(written)) return context.unknown(written.reason);
        // Not written: the service's default processing interval, 60 minutes.
        const interval = written === undefined || written === null ? 60 : Number(written);
        if (!enabled || interval !== 10)
          context.report('noTrafficAnalytics', { flowLog: flowLog.name }, { resource: flowLog, at: '/properties/flowAnalyticsConfiguration' });
      }
    }
  },
});
