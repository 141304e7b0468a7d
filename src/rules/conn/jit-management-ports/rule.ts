import { formatPorts, mainRule, ruleTarget, ruleText, touching, unknownReason } from '../../../analyses/network/checks.js';
import type { RuleRef } from '../../../analyses/network/evaluate.js';
import { MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { IntervalSet } from '../../../analyses/network/interval-set.js';
import { get } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import type { Unknown, Value } from '../../../model/value.js';
import { asArray, asString, isUnknown, prop } from '../../../model/value.js';
import type { ResourceGraph } from '../../../model/graph.js';
import type { Resource } from '../../../model/resource.js';
import { defineRule } from '../../define-rule.js';

/** TCP ports a JIT policy in the input lists for a VM (protocol TCP or *); Unknown when a policy cannot be read. */
function jitPorts(graph: ResourceGraph, vm: Resource): IntervalSet | Unknown {
  const index = graph.derive(jitIndex);
  return index.unreadable ?? index.byVm.get(graph.keyOf(vm)) ?? IntervalSet.EMPTY;
}

/**
 * The TCP ports each VM's JIT policy entries list, by the VM's `graph.keyOf` (the VM the policy
 * reads, where several inputs declare its id), read once per graph: a policy or a VM
 * id that cannot be read may list any VM (`unreadable`); ports that cannot be read leave that VM's
 * answer unknown.
 */
function jitIndex(graph: ResourceGraph): { readonly byVm: ReadonlyMap<string, IntervalSet | Unknown>; readonly unreadable?: Unknown } {
  const byVm = new Map<string, IntervalSet | Unknown>();
  for (const policy of graph.ofType('Microsoft.Security/locations/jitNetworkAccessPolicies')) {
    const machines = asArray(get(policy, 'properties', 'virtualMachines'));
    if (isUnknown(machines)) return { byVm, unreadable: machines };
    for (const machine of machines ?? []) {
      const id = prop(machine, 'id');
      if (isUnknown(id)) return { byVm, unreadable: id };
      if (typeof id !== 'string') continue;
      const key = graph.referenceKey(idKey(id), policy);
      const known = byVm.get(key) ?? IntervalSet.EMPTY;
      if (isUnknown(known)) continue;
      byVm.set(key, listedPorts(machine, known));
    }
  }
  return { byVm };
}

/** `ports` with the TCP ports a policy entry lists added; Unknown when one cannot be read. */
function listedPorts(machine: Value, ports: IntervalSet): IntervalSet | Unknown {
  const list = asArray(prop(machine, 'ports'));
  if (isUnknown(list)) return list;
  for (const entry of list ?? []) {
    const number = prop(entry, 'number');
    if (isUnknown(number)) return number;
    // A UDP rule does not open (or guard) the TCP port of the same number.
    const protocol = asString(prop(entry, 'protocol'));
    if (isUnknown(protocol)) return protocol;
    const tcp = protocol !== undefined && ['tcp', '*'].includes(protocol.toLowerCase());
    if (tcp && typeof number === 'number') ports = ports.union(IntervalSet.range(number, number));
  }
  return ports;
}

/** The rules Defender for Cloud writes into an NSG for an approved JIT request (`SecurityCenter-JITRule-…`), and takes out when it ends. */
function isJitRule(rule: RuleRef): boolean {
  return !rule.isDefault && /^SecurityCenter-JITRule/i.test(rule.name);
}

export default defineRule({
  id: 'AZV-CONN-004',
  name: 'jit-management-ports',
  pillar: 'CONN',
  severity: 'high',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  title: {
    en: 'Just-In-Time VM access policy covers every VM with management ports',
    ja: '管理ポートを持つ全 VM に Just-In-Time (JIT) VM アクセス ポリシーが適用されている',
  },
  fix: {
    en: 'Remove the standing Allow for the management port and enable JIT access for the VM in Defender for Cloud.',
    ja: '管理ポートの常時許可ルールを削除し、Defender for Cloud で VM の JIT アクセスを有効にします。',
  },
  messages: {
    noJit: {
      en: 'VM "{{name}}" accepts TCP {{ports}} from outside its virtual network, and no JIT policy in the input covers these ports for it.',
      ja: 'VM "{{name}}" は仮想ネットワーク外から TCP {{ports}} を受け付けますが、入力内にこれらのポートを対象とする JIT ポリシーがありません。',
    },
    standingAllow: {
      en: 'VM "{{name}}": a JIT policy covers TCP {{ports}}, but NSG rule {{rule}} keeps them open from outside its virtual network all the time: the Deny rules JIT adds do not override existing rules.',
      ja: 'VM "{{name}}": JIT ポリシーが TCP {{ports}} を対象にしていますが、NSG ルール {{rule}} が仮想ネットワーク外から常時開いています。JIT が追加する拒否ルールは既存のルールより優先されません。',
    },
  },
  phrases: ['rule'],
  mappings: {
    'mcsb-v1': ['NS-3', 'PA-2'],
    'azure-policy': ['b0f33259-77d7-4c9e-aac6-3aabcfae693c'],
    'defender-for-cloud': ['805651bc-6ecd-4c73-9b55-97a19d0582d0'],
    peers: ['prowler vm_jit_access_enabled'],
  },
  check(vm, context) {
    const network = context.analyses.get(networkAnalysis).vm(vm);
    const exposures = touching(network.exposures, MANAGEMENT_PORTS, 'Tcp');
    const decided = exposures.filter((e) => e.reach !== 'unknown');
    const open = decided.reduce((set, e) => set.union(e.ports.intersect(MANAGEMENT_PORTS)), IntervalSet.EMPTY);
    const covered = jitPorts(context.graph, vm);
    if (isUnknown(covered)) return context.unknown(covered.reason);
    if (open.isEmpty()) {
      const reason = unknownReason(network, exposures);
      if (reason !== undefined) return context.unknown(reason);
      // JIT's Deny rules close the ports until a request is approved: a VM it covers passes.
      return covered.overlaps(MANAGEMENT_PORTS) ? undefined : context.notApplicable('no management port is reachable from outside the VNet');
    }
    const missing = open.subtract(covered);
    if (!missing.isEmpty()) context.report('noJit', { name: vm.name, ports: formatPorts(missing) }, { at: '' });
    // "If other rules already exist for the selected ports, then those existing rules take priority
    // over the new 'deny all inbound traffic' rules" (Defender for Cloud): a port JIT covers is still
    // open all the time through an Allow that JIT did not write (or with no NSG for JIT to write to).
    const reported = new Set<string>();
    for (const exposure of decided) {
      const ports = exposure.ports.intersect(MANAGEMENT_PORTS).intersect(covered);
      if (ports.isEmpty() || exposure.rules.some(isJitRule)) continue;
      const rule = mainRule(exposure.rules);
      const key = `${ruleText(rule)}|${formatPorts(ports)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      context.report(
        'standingAllow',
        { name: vm.name, ports: formatPorts(ports), rule: ruleText(rule) },
        ruleTarget(context.graph, rule, { resource: vm, at: '' }),
      );
    }
  },
});
