import { isUnknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { profile, vhdOf, VM_TYPES, vmDisks, withoutVmModel } from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-VM-002',
  name: 'managed-disks',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'VMs use managed disks (no unmanaged VHDs in storage accounts)',
    ja: 'VM がマネージドディスクを使用（ストレージ アカウント上のアンマネージド VHD なし）',
  },
  fix: {
    en: 'Convert the VM to managed disks (ConvertTo-AzVMManagedDisk) and use managedDisk instead of vhd.uri.',
    ja: 'VM をマネージドディスクに変換し（ConvertTo-AzVMManagedDisk）、vhd.uri の代わりに managedDisk を使用します。',
  },
  messages: {
    unmanaged: {
      en: '{{machine}} "{{name}}" keeps {{disk}} as an unmanaged VHD in a storage account, outside disk RBAC, CMK and private disk access.',
      ja: '{{machine}} "{{name}}" の {{disk}} はストレージ アカウント上のアンマネージド VHD で、ディスクの RBAC・CMK・プライベートアクセスの対象外です。',
    },
  },
  mappings: {
    'mcsb-v1': ['DP-4'],
    'cis-azure-3.0.0': ['8.2'],
    'azure-policy': ['06a78e20-9358-41c9-923c-fb736d382a4d'],
    peers: ['checkov CKV_AZURE_92', 'checkov CKV2_AZURE_9', 'prowler vm_ensure_using_managed_disks', 'PSRule Azure.VM.UseManagedDisks'],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    // An unknown storage profile makes the disk list unknown, with its reason.
    const disks = vmDisks(vm);
    if (isUnknown(disks)) return context.unknown(disks.reason);
    let unknownReason: string | undefined;
    for (const disk of disks) {
      const vhd = vhdOf(vm, disk);
      if (vhd === undefined) continue;
      // A VHD URI whose value only deployment knows (a storage account's endpoint) still makes the
      // disk a VHD, unless the disk also names a managed disk.
      if (isUnknown(vhd.value) && namesManagedDisk(profile(vm, ...disk.path, 'managedDisk'))) {
        unknownReason ??= vhd.value.reason;
        continue;
      }
      context.report('unmanaged', { name: vm.name, disk: disk.label }, { at: vhd.pointer });
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});

/** Whether a disk's `managedDisk` is given (an Unknown one may be). */
function namesManagedDisk(managed: Value | undefined): boolean {
  return managed !== undefined && managed !== null;
}
