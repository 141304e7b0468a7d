import { formatPorts, HIGH_RISK_TCP } from '../../../analyses/network/checks.js';
import { MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { ports } from '../../../analyses/network/ports.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { pushTo } from '../../../model/multimap.js';
import { get, type Resource } from '../../../model/resource.js';
import { idKey, parentId } from '../../../model/resource-id.js';
import { asArray, isUnknown, prop, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

const RISKY = MANAGEMENT_PORTS.union(HIGH_RISK_TCP);

export default defineRule({
  id: 'AZV-NET-006',
  name: 'lb-management-ports',
  pillar: 'NET',
  severity: 'high',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: ['Microsoft.Network/loadBalancers'],
  title: {
    en: 'Load balancer inbound NAT and load-balancing rules do not publish management ports to the Internet',
    ja: 'ロードバランサーの受信 NAT 規則／負荷分散規則が管理ポートをインターネットに公開していない',
  },
  fix: {
    en: 'Delete the NAT or load-balancing rule for the management port and use Bastion; or deny the backend port from the Internet in the VM NSG.',
    ja: '管理ポートの NAT 規則／負荷分散規則を削除して Bastion を使うか、VM の NSG でインターネットからのバックエンドポートを拒否します。',
  },
  messages: {
    published: {
      en: 'Load balancer "{{name}}" rule "{{rule}}" forwards public port {{frontendPort}} to port {{ports}} of VM "{{vm}}", and the VM NSGs allow it from the whole Internet.',
      ja: 'ロードバランサー "{{name}}" のルール "{{rule}}" がパブリックポート {{frontendPort}} を VM "{{vm}}" のポート {{ports}} に転送しており、VM の NSG がインターネット全体から許可しています。',
    },
  },
  mappings: { 'mcsb-v1': ['NS-1'], peers: [] },
  check(lb, context) {
    const frontends = get(lb, 'properties', 'frontendIPConfigurations');
    if (isUnknown(frontends)) return context.unknown(frontends.reason);
    const isPublic =
      Array.isArray(frontends) &&
      frontends.some((frontend) => {
        const pip = prop(frontend, 'properties', 'publicIPAddress');
        return pip !== undefined && pip !== null;
      });
    if (!isPublic) return context.notApplicable('internal load balancer');
    const analysis = context.analyses.get(networkAnalysis);
    let unknown: string | undefined;
    for (const { vm, exposure } of analysis.exposuresThrough(context.graph.keyOf(lb))) {
      if (!exposure.ports.overlaps(RISKY) || exposure.protocol !== 'Tcp') continue;
      if (exposure.reach === 'unknown') unknown ??= exposure.reason ?? 'the VM NSGs cannot be fully read';
      if (exposure.reach !== 'internet') continue;
      const frontend = exposure.path.frontendPorts;
      context.report(
        'published',
        {
          name: lb.name,
          rule: exposure.path.rule?.name ?? '',
          frontendPort: isUnknown(frontend) ? '?' : formatPorts(frontend),
          ports: formatPorts(exposure.ports.intersect(RISKY)),
          vm: vm.name,
        },
        { at: exposure.path.rule?.pointer ?? '' },
      );
    }
    if (!isDeployed(lb)) unknown ??= unseenBackends(lb, context.graph, analysis.nicOwners);
    if (unknown !== undefined) return context.unknown(unknown);
  },
});

/** A load balancer read from Azure (a live scan or a snapshot) lists its backends itself; one in a template is named by them. */
function isDeployed(lb: Resource): boolean {
  return typeof get(lb, 'properties', 'provisioningState') === 'string';
}

const FORWARDING = [
  ['inboundNatRules', 'NAT rule', 'NAT rules'],
  ['inboundNatPools', 'NAT pool', 'NAT pools'],
  ['loadBalancingRules', 'load-balancing rule', 'load-balancing rules'],
] as const;

/**
 * Why a rule of a template's load balancer that forwards a risky port cannot be judged: a NIC in
 * the input names it (or its backend pool), and the NIC's VM is not in the input. The VMs'
 * exposures are what the rule judges, so it would pass unseen. A rule no NIC or scale set names
 * forwards to nothing (templates often declare one per VM the largest count would make).
 */
function unseenBackends(lb: Resource, graph: ResourceGraph, nicOwners: ReadonlyMap<string, Resource>): string | undefined {
  const { users, byBalancer, unknown } = graph.derive(lbUsers);
  for (const [collection, what, plural] of FORWARDING) {
    const entries = asArray(get(lb, 'properties', collection));
    if (entries === undefined) continue;
    if (isUnknown(entries)) {
      // Rules not known may forward any port to whatever uses the load balancer.
      const orphan = byBalancer.get(graph.keyOf(lb))?.find((user) => !nicOwners.has(graph.keyOf(user)) && user.type.toLowerCase() === NIC_TYPE);
      if (orphan)
        return `the ${plural} of load balancer "${lb.name}" are not known (${entries.reason}), and NIC "${orphan.name}" uses the load balancer while its VM is not in the input`;
      if (unknown)
        return `the ${plural} of load balancer "${lb.name}" are not known (${entries.reason}), and "${unknown.user.name}" names a load balancer rule or pool that is not known (${unknown.reason})`;
      continue;
    }
    for (const entry of entries) {
      const backend = backendPorts(entry);
      if (backend === undefined || !backend.overlaps(RISKY)) continue;
      const written = prop(entry, 'name');
      const name = typeof written === 'string' ? written : '?';
      const used =
        collection === 'loadBalancingRules' ? prop(entry, 'properties', 'backendAddressPool', 'id') : (prop(entry, 'id') ?? `${lb.id}/${collection}/${name}`);
      const port = formatPorts(backend.intersect(RISKY));
      if (typeof used === 'string') {
        const orphan = users
          .get(graph.referenceKey(idKey(used), lb))
          ?.find((user) => !nicOwners.has(graph.keyOf(user)) && user.type.toLowerCase() === NIC_TYPE);
        if (orphan) return `NIC "${orphan.name}" uses ${what} "${name}" (port ${port}), and its VM is not in the input`;
      } else if (!isUnknown(used)) continue;
      else if (collection === 'loadBalancingRules') {
        // A pool not known may be any pool of the load balancer.
        const orphan = byBalancer.get(graph.keyOf(lb))?.find((user) => !nicOwners.has(graph.keyOf(user)) && user.type.toLowerCase() === NIC_TYPE);
        if (orphan)
          return `the backend pool of load-balancing rule "${name}" (port ${port}) is not known (${used.reason}), and NIC "${orphan.name}" uses the load balancer while its VM is not in the input`;
      }
      if (unknown)
        return `${what} "${name}" forwards port ${port}, and "${unknown.user.name}" names a load balancer rule or pool that is not known (${unknown.reason}): it may be this one`;
    }
  }
  return undefined;
}

/** The backend ports of a NAT rule, NAT pool or load-balancing rule (0 with floating IP or HA ports: every port); undefined when not a TCP rule or not readable. */
function backendPorts(entry: Value): ReturnType<typeof ports> | undefined {
  const protocol = prop(entry, 'properties', 'protocol');
  if (typeof protocol === 'string' && !/^(tcp|all)$/i.test(protocol)) return undefined;
  const port = prop(entry, 'properties', 'backendPort');
  const value = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) return undefined;
  return value === 0 ? ports([0, 65535]) : ports(value);
}

const NIC_TYPE = 'microsoft.network/networkinterfaces';

/**
 * The NICs and scale sets of the input by the id key of each NAT rule, NAT pool and backend pool
 * they name (`graph.referenceKey`: a template's own load balancer where it declares the id), and
 * the first one that names one not known (which may be any).
 */
function lbUsers(graph: ResourceGraph): {
  users: Map<string, Resource[]>;
  /** The same, by the `graph.keyOf` of the load balancer whose rule or pool they name. */
  byBalancer: Map<string, Resource[]>;
  unknown?: { user: Resource; reason: string };
} {
  const users = new Map<string, Resource[]>();
  const byBalancer = new Map<string, Resource[]>();
  let unknown: { user: Resource; reason: string } | undefined;
  const add = (user: Resource, ipConfigurations: Value | undefined): void => {
    const list = asArray(ipConfigurations);
    // IP configurations not known may name any rule or pool.
    if (isUnknown(list)) unknown ??= { user, reason: list.reason };
    if (list === undefined || isUnknown(list)) return;
    for (const ipConfiguration of list) {
      for (const key of ['loadBalancerInboundNatRules', 'loadBalancerInboundNatPools', 'loadBalancerBackendAddressPools']) {
        const refs = asArray(prop(ipConfiguration, 'properties', key));
        if (isUnknown(refs)) unknown ??= { user, reason: refs.reason };
        if (refs === undefined || isUnknown(refs)) continue;
        for (const ref of refs) {
          const id = prop(ref, 'id');
          if (typeof id === 'string') {
            pushTo(users, graph.referenceKey(idKey(id), user), user);
            const parent = parentId(id);
            const balancer = parent === undefined ? undefined : graph.referenceKey(idKey(parent), user);
            if (balancer !== undefined && byBalancer.get(balancer)?.at(-1) !== user) pushTo(byBalancer, balancer, user);
          } else if (isUnknown(id)) unknown ??= { user, reason: id.reason };
        }
      }
    }
  };
  for (const nic of graph.ofType('Microsoft.Network/networkInterfaces')) add(nic, get(nic, 'properties', 'ipConfigurations'));
  for (const scaleSet of graph.ofType('Microsoft.Compute/virtualMachineScaleSets')) {
    const configurations = asArray(get(scaleSet, 'properties', 'virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations'));
    if (isUnknown(configurations)) unknown ??= { user: scaleSet, reason: configurations.reason };
    if (configurations === undefined || isUnknown(configurations)) continue;
    for (const configuration of configurations) add(scaleSet, prop(configuration, 'properties', 'ipConfigurations'));
  }
  return unknown ? { users, byBalancer, unknown } : { users, byBalancer };
}
