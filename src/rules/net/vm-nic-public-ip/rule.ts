import { get, type Resource } from '../../../model/resource.js';
import { nicIpConfigurations, vmNics } from '../../../model/relations.js';
import { parseResourceId } from '../../../model/resource-id.js';
import { isObject, isUnknown, lookup, prop, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { profileAt, VM_TYPES } from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-NET-005',
  name: 'vm-nic-public-ip',
  pillar: 'NET',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'VMs do not have instance-level public IP addresses',
    ja: 'VM にインスタンスレベルのパブリック IP が割り当てられていない',
  },
  fix: {
    en: 'Remove the public IP from the NIC and reach the VM through Bastion, a load balancer, Application Gateway or Azure Firewall.',
    ja: 'NIC からパブリック IP を外し、Bastion・ロードバランサー・Application Gateway・Azure Firewall 経由で到達させます。',
  },
  messages: {
    publicIp: {
      en: '{{machine}} "{{name}}" has public IP "{{publicIp}}" on NIC "{{nic}}" (IP configuration "{{ipConfiguration}}"): it is addressable from the Internet directly, with only NSGs in between.',
      ja: '{{machine}} "{{name}}" の NIC "{{nic}}"（IP 構成 "{{ipConfiguration}}"）にパブリック IP "{{publicIp}}" があり、インターネットから直接アドレス指定でき、間にあるのは NSG だけです。',
    },
    basicPublicIp: {
      en: '{{machine}} "{{name}}" has Basic SKU public IP "{{publicIp}}" on NIC "{{nic}}": Basic IPs are open to inbound traffic unless an NSG blocks it, and the SKU is retired.',
      ja: '{{machine}} "{{name}}" の NIC "{{nic}}" に Basic SKU のパブリック IP "{{publicIp}}" があります。Basic は NSG で遮断しない限り受信に開いており、SKU も廃止済みです。',
    },
    createdPublicIp: {
      en: '{{machine}} "{{name}}" creates NIC "{{nic}}" with public IP "{{publicIp}}" (IP configuration "{{ipConfiguration}}"): it is addressable from the Internet directly, with only NSGs in between.',
      ja: '{{machine}} "{{name}}" は NIC "{{nic}}" をパブリック IP "{{publicIp}}" 付きで作成します（IP 構成 "{{ipConfiguration}}"）。インターネットから直接アドレス指定でき、間にあるのは NSG だけです。',
    },
    scaleSetPublicIp: {
      en: 'Scale set "{{name}}" gives every instance a public IP (IP configuration "{{ipConfiguration}}").',
      ja: 'スケール セット "{{name}}" はすべてのインスタンスにパブリック IP を割り当てます（IP 構成 "{{ipConfiguration}}"）。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-1', 'NS-2'],
    'cis-azure-5.0.0': ['7.7'],
    'azure-policy': ['83a86a26-fd1f-447c-b59d-e51f44264114'],
    peers: ['checkov CKV_AZURE_119', 'checkov CKV2_AZURE_39'],
  },
  check(vm, context) {
    let unknownReason: string | undefined;
    const note = (reason: string): void => {
      unknownReason ??= reason;
    };

    // NICs the VM (or scale set) creates itself: networkInterfaceConfigurations (on a VM, API 2020-06-01 and later).
    const scaleSet = vm.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets';
    const configurations = profileAt(vm, 'networkProfile', 'networkInterfaceConfigurations');
    if (isUnknown(configurations.value)) note(configurations.value.reason);
    else if (Array.isArray(configurations.value)) {
      configurations.value.forEach((configuration, index) => {
        const ipConfigurations = lookup(configuration, ['properties', 'ipConfigurations'], `${configurations.pointer}/${index}`);
        if (isUnknown(ipConfigurations.value)) return note(ipConfigurations.value.reason);
        if (!Array.isArray(ipConfigurations.value)) return;
        ipConfigurations.value.forEach((ipConfiguration, ipIndex) => {
          const publicIp = lookup(ipConfiguration, ['properties', 'publicIPAddressConfiguration'], `${ipConfigurations.pointer}/${ipIndex}`);
          if (isUnknown(publicIp.value)) return note(publicIp.value.reason);
          if (publicIp.value === undefined || publicIp.value === null) return;
          const ipConfigurationName = nameOf(ipConfiguration, ipIndex);
          if (scaleSet) context.report('scaleSetPublicIp', { name: vm.name, ipConfiguration: ipConfigurationName }, { at: publicIp.pointer });
          else {
            const data = {
              name: vm.name,
              nic: nameOf(configuration, index),
              ipConfiguration: ipConfigurationName,
              publicIp: nameOf(publicIp.value, '(unnamed)'),
            };
            context.report('createdPublicIp', data, { at: publicIp.pointer });
          }
        });
      });
    }

    // NICs referenced by id.
    if (!scaleSet) {
      const nics = vmNics(context.graph, vm);
      if (isUnknown(nics)) note(nics.reason);
      else {
        for (const { nic } of nics) {
          if (isUnknown(nic)) {
            note(nic.reason);
            continue;
          }
          const ipConfigurations = nicIpConfigurations(context.graph, nic);
          if (isUnknown(ipConfigurations)) {
            note(ipConfigurations.reason);
            continue;
          }
          for (const ipConfiguration of ipConfigurations) {
            const reference = lookup(ipConfiguration.body, ['properties', 'publicIPAddress'], ipConfiguration.pointer);
            if (isUnknown(reference.value)) {
              note(reference.value.reason);
              continue;
            }
            if (reference.value === undefined || reference.value === null) continue;
            // A public IP object is attached, whether or not its own resource is in the input.
            const publicIp = ipConfiguration.publicIp;
            const resolved = publicIp !== undefined && !isUnknown(publicIp) ? publicIp : undefined;
            const data = { name: vm.name, nic: nic.name, ipConfiguration: ipConfiguration.name, publicIp: resolved?.name ?? referencedName(reference.value) };
            context.report(resolved && isBasic(resolved) ? 'basicPublicIp' : 'publicIp', data, { resource: nic, at: reference.pointer });
          }
        }
      }
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});

function isBasic(publicIp: Resource): boolean {
  const sku = get(publicIp, 'sku', 'name');
  return typeof sku === 'string' && sku.toLowerCase() === 'basic';
}

function nameOf(value: Value, fallback: number | string): string {
  return isObject(value) && typeof value['name'] === 'string' ? value['name'] : String(fallback);
}

function referencedName(reference: Value): string {
  const id = isObject(reference) ? prop(reference, 'id') : reference;
  const parsed = typeof id === 'string' ? parseResourceId(id) : undefined;
  return parsed?.name ?? '(unnamed)';
}
