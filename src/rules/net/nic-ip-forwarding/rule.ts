import { networkAnalysis } from '../../../analyses/network/exposure.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { asArray, asBoolean, asString, isUnknown, prop } from '../../../model/value.js';
import { defineRule, type CheckOutcome, type RuleContext } from '../../define-rule.js';
import { isScaleSet, profileAt, withoutVmModel } from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-NET-010',
  name: 'nic-ip-forwarding',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: ['Microsoft.Network/networkInterfaces', 'Microsoft.Compute/virtualMachineScaleSets'],
  title: {
    en: 'IP forwarding disabled on VM NICs (except designated NVAs)',
    ja: 'VM の NIC で IP 転送が無効（指定された NVA を除く）',
  },
  fix: {
    en: 'Set enableIPForwarding to false unless the VM is a network virtual appliance, and suppress the finding for approved NVAs.',
    ja: 'VM がネットワーク仮想アプライアンスでない限り enableIPForwarding を false にし、承認済み NVA は抑制設定で除外します。',
  },
  messages: {
    forwarding: {
      en: 'NIC "{{nic}}" of VM "{{name}}" has IP forwarding enabled: the VM can route traffic that is not addressed to it.',
      ja: 'VM "{{name}}" の NIC "{{nic}}" で IP 転送が有効です。VM が自分宛てでない通信を中継できます。',
    },
    scaleSetForwarding: {
      en: 'NIC configuration "{{nic}}" of VM scale set "{{name}}" has IP forwarding enabled: each of its VMs can route traffic that is not addressed to it.',
      ja: 'VM スケール セット "{{name}}" の NIC 構成 "{{nic}}" で IP 転送が有効です。各 VM が自分宛てでない通信を中継できます。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-3'],
    'azure-policy': ['88c0b9da-ce96-4b03-9635-f29a937e2900', 'bd352bd5-2853-4985-bf0d-73806b4a5744'],
    peers: ['checkov CKV_AZURE_118'],
  },
  check(nic, context) {
    if (isScaleSet(nic)) return checkScaleSet(nic, context);
    const vm = context.analyses.get(networkAnalysis).nicOwners.get(context.graph.keyOf(nic));
    const setting = at(nic, 'properties', 'enableIPForwarding');
    const value = asBoolean(setting.value);
    if (!vm) {
      // A VM whose NIC reference is not known may own this NIC: one that would fail is then unknown.
      const unsure = value === true || isUnknown(value) ? context.graph.derive(unknownNicReference) : undefined;
      return unsure ? context.unknown(unsure) : context.notApplicable('the NIC is not attached to a VM in the input');
    }
    if (isUnknown(value)) return context.unknown(value.reason);
    if (value === true) context.report('forwarding', { name: vm.name, nic: nic.name }, { at: setting.pointer });
  },
});

/**
 * Why some NIC may belong to a VM though no VM names it: the first VM whose list of NICs, or a NIC
 * id in it, is not known (a NIC written out but not in the input is another NIC). Once per graph.
 */
function unknownNicReference(graph: ResourceGraph): string | undefined {
  for (const vm of graph.ofType('Microsoft.Compute/virtualMachines')) {
    const list = get(vm, 'properties', 'networkProfile', 'networkInterfaces');
    if (isUnknown(list)) return `the NICs of VM "${vm.name}" are not known (${list.reason}): this NIC may be one`;
    for (const reference of Array.isArray(list) ? list : []) {
      const id = isUnknown(reference) ? reference : prop(reference, 'id');
      if (isUnknown(id)) return `a NIC of VM "${vm.name}" is not known (${id.reason}): it may be this one`;
    }
  }
  return undefined;
}

/** A scale set's VMs take their NICs from the model's NIC configurations, each with its own `enableIPForwarding`. */
function checkScaleSet(scaleSet: Resource, context: RuleContext<'forwarding' | 'scaleSetForwarding', unknown>): CheckOutcome | undefined {
  const noModel = withoutVmModel(scaleSet, context);
  if (noModel) return noModel;
  const configurations = profileAt(scaleSet, 'networkProfile', 'networkInterfaceConfigurations');
  const list = asArray(configurations.value);
  if (isUnknown(list)) return context.unknown(list.reason);
  let unknown: string | undefined;
  (list ?? []).forEach((configuration, index) => {
    const value = asBoolean(prop(configuration, 'properties', 'enableIPForwarding'));
    if (isUnknown(value)) unknown ??= value.reason;
    else if (value === true) {
      const name = asString(prop(configuration, 'name'));
      context.report(
        'scaleSetForwarding',
        { name: scaleSet.name, nic: typeof name === 'string' ? name : String(index) },
        { at: `${configurations.pointer}/${index}/properties/enableIPForwarding` },
      );
    }
  });
  return unknown === undefined ? undefined : context.unknown(unknown);
}
