import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms, isScaleSet } from '../../shared/scale-sets.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { asArray, prop, type Unknown } from '../../../model/value.js';
import type { RuleContext, CheckOutcome } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-NET-001',
  name: 'vm-nic-nsg',
  pillar: 'NET',
  severity: 'high',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Every VM NIC is filtered by at least one NSG (subnet NSG or NIC NSG)',
    ja: '全 VM の NIC が少なくとも 1 つの NSG（サブネット NSG または NIC NSG）でフィルタリングされている',
  },
  fix: {
    en: 'Attach a network security group to the subnet (preferred) or to the NIC.',
    ja: 'サブネット（推奨）または NIC にネットワーク セキュリティ グループを関連付けます。',
  },
  messages: {
    noNsg: {
      en: '{{machine}} "{{name}}": NIC "{{nic}}" (IP configuration "{{ipConfiguration}}") has no NSG, and neither has its subnet "{{subnet}}": all traffic passes unfiltered.',
      ja: '{{machine}} "{{name}}": NIC "{{nic}}"（IP 構成 "{{ipConfiguration}}"）にもサブネット "{{subnet}}" にも NSG がなく、すべての通信が素通りします。',
    },
    noNsgScaleSet: {
      en: 'Scale set "{{name}}": NIC configuration "{{nic}}" (IP configuration "{{ipConfiguration}}") has no NSG, and neither has its subnet "{{subnet}}": all traffic to its instances passes unfiltered.',
      ja: 'スケール セット "{{name}}": NIC 構成 "{{nic}}"（IP 構成 "{{ipConfiguration}}"）にもサブネット "{{subnet}}" にも NSG がなく、インスタンスへのすべての通信が素通りします。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-1'],
    'cis-azure-5.0.0': ['7.11'],
    'azure-policy': ['f6de0be7-9a8a-4b8a-b349-43cf02d22f7c', 'bb91dfba-c30d-4263-9add-9c2384e659a6'],
    'defender-for-cloud': ['483f12ed-ae23-447e-a2de-a67a10db4353', 'a9341235-9389-42f0-a0bf-9bfb57960d44'],
    peers: ['checkov CKV2_AZURE_31', 'prowler network_subnet_nsg_associated', 'PSRule Azure.VNET.UseNSGs'],
  },
  check(vm, context) {
    if (isScaleSet(vm)) return checkScaleSet(vm, context);
    const network = context.analyses.get(networkAnalysis).vm(vm);
    let unknown = network.problems[0];
    for (const target of network.targets) {
      // An NSG reference that cannot be followed is still an NSG: it filters. A value not known
      // (a conditional reference, say) may be none.
      const nic = nsgNamed(target.nic);
      if (nic === true) continue;
      // A subnet that cannot be read may or may not have one.
      if (isUnknown(target.subnet)) {
        unknown ??= `NIC "${target.nic.name}" has no NSG of its own, and its subnet cannot be read: ${target.subnet.reason}`;
        continue;
      }
      const subnet = nsgNamed(target.subnet);
      if (subnet === true) continue;
      if (isUnknown(nic) || isUnknown(subnet)) {
        unknown ??= `whether NIC "${target.nic.name}" or its subnet has an NSG is not known: ${(isUnknown(nic) ? nic : (subnet as Unknown)).reason}`;
        continue;
      }
      context.report(
        'noNsg',
        {
          name: vm.name,
          nic: target.nic.name,
          ipConfiguration: target.ipConfiguration.name,
          subnet: isUnknown(target.subnet) ? '(unknown)' : target.subnet.name,
        },
        { resource: target.nic, at: target.ipConfiguration.pointer },
      );
    }
    if (network.targets.length === 0 && unknown === undefined) return context.notApplicable('the VM has no NIC in the input');
    if (unknown !== undefined) return context.unknown(unknown);
  },
});

/** Whether a NIC or subnet names an NSG: true (even one not in the input), false, or Unknown when the value is not known. */
function nsgNamed(resource: Resource): boolean | Unknown {
  const value = get(resource, 'properties', 'networkSecurityGroup');
  if (value === undefined || value === null) return false;
  return isUnknown(value) ? value : true;
}

/**
 * A scale set's NIC configurations, read from its model: each needs an NSG of its own or on the
 * subnet of every IP configuration. Where the input holds the scale set's VMs, they are checked
 * one by one instead.
 */
function checkScaleSet(scaleSet: Resource, context: RuleContext<'noNsg' | 'noNsgScaleSet', unknown>): CheckOutcome | void {
  const vms = checkedAsVms(scaleSet, context);
  if (vms) return vms;
  const configurations = at(scaleSet, 'properties', 'virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations');
  if (isUnknown(configurations.value)) return context.unknown(configurations.value.reason);
  const list = asArray(configurations.value) ?? [];
  if (isUnknown(list)) return context.unknown(list.reason);
  if (list.length === 0) return context.notApplicable('the scale set model has no NIC configuration');
  let unknownReason: string | undefined;
  list.forEach((configuration, index) => {
    const nsg = prop(configuration, 'properties', 'networkSecurityGroup');
    if (isUnknown(nsg)) unknownReason ??= nsg.reason;
    if (nsg !== undefined && nsg !== null) return;
    const name = String(prop(configuration, 'name') ?? `#${index}`);
    const ipConfigurations = asArray(prop(configuration, 'properties', 'ipConfigurations'));
    if (isUnknown(ipConfigurations)) {
      unknownReason ??= ipConfigurations.reason;
      return;
    }
    (ipConfigurations ?? []).forEach((ipConfiguration, ipIndex) => {
      const subnet = context.graph.resolve(prop(ipConfiguration, 'properties', 'subnet'), scaleSet);
      if (subnet === undefined) return;
      if (isUnknown(subnet)) {
        unknownReason ??= subnet.reason;
        return;
      }
      // As for a VM: a value not known (a conditional reference, say) may be none.
      const subnetNsg = nsgNamed(subnet);
      if (subnetNsg === true) return;
      if (isUnknown(subnetNsg)) {
        unknownReason ??= subnetNsg.reason;
        return;
      }
      context.report(
        'noNsgScaleSet',
        { name: scaleSet.name, nic: name, ipConfiguration: String(prop(ipConfiguration, 'name') ?? `#${ipIndex}`), subnet: subnet.name },
        { at: `${configurations.pointer}/${index}/properties/ipConfigurations/${ipIndex}` },
      );
    });
  });
  if (unknownReason !== undefined) return context.unknown(unknownReason);
}
