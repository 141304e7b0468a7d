import type { ResourceGraph } from '../../../model/graph.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { isUnknown, prop, type Unknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { OS_DISK, profile, profileAt, vhdOf, VM_TYPES, vmDisks, withoutVmModel } from '../../shared/compute.js';

const CMK_TYPES = /^(encryptionatrestwithcustomerkey|encryptionatrestwithplatformandcustomerkeys|confidentialvmencryptedwithcustomerkey)$/i;

export default defineRule({
  id: 'AZV-VM-003',
  name: 'disk-customer-managed-keys',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [...VM_TYPES, 'Microsoft.Compute/disks'],
  title: {
    en: 'OS and data disks encrypted at rest with customer-managed keys via a Disk Encryption Set',
    ja: 'OS／データ ディスクがディスク暗号化セット経由のカスタマーマネージドキー (CMK) で保存時暗号化',
  },
  fix: {
    en: 'Create a Disk Encryption Set with a Key Vault key (auto-rotation on) and set managedDisk.diskEncryptionSet.id on every disk.',
    ja: 'Key Vault のキーでディスク暗号化セットを作成し（自動ローテーション有効）、すべてのディスクで managedDisk.diskEncryptionSet.id を設定します。',
  },
  messages: {
    platformKey: {
      en: 'The {{disk}} of {{machine}} "{{name}}" is encrypted with a platform-managed key only: no disk encryption set gives you control of the key.',
      ja: '{{machine}} "{{name}}" の {{disk}} はプラットフォームマネージドキーのみで暗号化されており、キーを管理するディスク暗号化セットがありません。',
    },
    diskPlatformKey: {
      en: 'Disk "{{name}}" is encrypted with {{encryption}}: no customer-managed key protects it.',
      ja: 'ディスク "{{name}}" は {{encryption}} で暗号化されており、カスタマーマネージドキーで保護されていません。',
    },
  },
  mappings: {
    'mcsb-v1': ['DP-5', 'DP-4'],
    'cis-azure-3.0.0': ['8.3', '8.4'],
    'azure-policy': ['702dd420-7fcc-42c5-afe8-4026edd20fe0', 'd461a302-a187-421a-89ac-84acdb4edc04', 'ca91455f-eace-4f96-be59-e6e2c35b4816'],
    peers: [
      'checkov CKV_AZURE_93',
      'checkov CKV_AZURE_2',
      'checkov CKV2_AZURE_14',
      'prowler vm_ensure_attached_disks_encrypted_with_cmk',
      'prowler vm_ensure_unattached_disks_encrypted_with_cmk',
    ],
  },
  check(resource, context) {
    const noModel = withoutVmModel(resource, context);
    if (noModel) return noModel;
    if (resource.type.toLowerCase() === 'microsoft.compute/disks') {
      const attachedTo = context.graph.derive(diskAttachments).get(context.graph.keyOf(resource));
      if (attachedTo) return context.notApplicable(`attached to ${attachedTo.name}, which is checked instead`);
      const verdict = diskEncryption(resource);
      if (isUnknown(verdict)) return context.unknown(verdict.reason);
      if (verdict !== true)
        context.report('diskPlatformKey', { name: resource.name, encryption: verdict }, { at: at(resource, 'properties', 'encryption').pointer });
      return;
    }
    const disks = vmDisks(resource);
    if (isUnknown(disks)) return context.unknown(disks.reason);
    // A scale set keeps its OS disk as VHDs through vhdContainers or image.uri instead (AZV-VM-002).
    const vhd = vhdOf(resource, OS_DISK);
    // A VHD whose value is not known (a whole osDisk from a parameter) leaves a managed disk
    // possible when `managedDisk` may be given: then a platform key is unknown, not not-applicable.
    const vhdDoubt = vhd !== undefined && isUnknown(vhd.value) && mayNameManagedDisk(profile(resource, ...OS_DISK.path, 'managedDisk')) ? vhd.value : undefined;
    if (vhd !== undefined && vhdDoubt === undefined) {
      return context.notApplicable('unmanaged VHD disks cannot use a disk encryption set (AZV-VM-002)');
    }
    let unknownReason: string | undefined;
    for (const disk of disks) {
      const verdict = vmDiskEncryption(context.graph, resource, disk.path);
      if (isUnknown(verdict)) unknownReason ??= verdict.reason;
      else if (verdict === false && vhdDoubt !== undefined) unknownReason ??= vhdDoubt.reason;
      else if (verdict === false)
        context.report('platformKey', { name: resource.name, disk: disk.label }, { at: profileAt(resource, ...disk.path, 'managedDisk').pointer });
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});

/** True when a disk resource uses a customer-managed key; else the encryption type it uses. */
function diskEncryption(disk: Resource): true | string | Unknown {
  const set = get(disk, 'properties', 'encryption', 'diskEncryptionSetId');
  if (isUnknown(set)) return set;
  const type = get(disk, 'properties', 'encryption', 'type');
  if (isUnknown(type)) return type;
  if (typeof type === 'string' && CMK_TYPES.test(type)) return true;
  const secure = get(disk, 'properties', 'securityProfile', 'secureVMDiskEncryptionSetId');
  if (isUnknown(secure)) return secure;
  if (typeof secure === 'string' && secure !== '') return true;
  if (type === undefined && typeof set === 'string' && set !== '') return true;
  return typeof type === 'string' ? type : 'EncryptionAtRestWithPlatformKey';
}

/** Whether a disk's `managedDisk` is given (an Unknown one may be). */
function mayNameManagedDisk(managed: Value | undefined): boolean {
  return managed !== undefined && managed !== null;
}

/** The VM or scale set each managed disk is attached to (its `managedDisk.id`), by the disk's `graph.keyOf`; the first in graph order. */
function diskAttachments(graph: ResourceGraph): Map<string, Resource> {
  const attached = new Map<string, Resource>();
  for (const vm of VM_TYPES.flatMap((type) => graph.ofType(type))) {
    // A data disk list that cannot be known still leaves the OS disk.
    const disks = vmDisks(vm);
    for (const { path } of isUnknown(disks) ? [{ path: ['storageProfile', 'osDisk'] }] : disks) {
      const disk = graph.resolve(profile(vm, ...path, 'managedDisk', 'id'), vm);
      if (disk !== undefined && !isUnknown(disk) && !attached.has(graph.keyOf(disk))) attached.set(graph.keyOf(disk), vm);
    }
  }
  return attached;
}

/** Where a managed disk names its disk encryption set. */
const ENCRYPTION_SET_PATHS = [
  ['diskEncryptionSet', 'id'],
  ['securityProfile', 'diskEncryptionSet', 'id'],
] as const;

/** Whether one disk of a VM model uses a customer-managed key: through its disk encryption set, or the attached disk resource's encryption. */
function vmDiskEncryption(graph: ResourceGraph, vm: Resource, path: readonly (string | number)[]): boolean | Unknown {
  const managedDisk = profile(vm, ...path, 'managedDisk');
  if (isUnknown(managedDisk)) return managedDisk;
  for (const setPath of ENCRYPTION_SET_PATHS) {
    const set = prop(managedDisk, ...setPath);
    if (isUnknown(set)) return set;
    if (typeof set === 'string' && set !== '') return true;
  }
  const diskId = prop(managedDisk, 'id');
  if (diskId === undefined || diskId === null) return false;
  const disk = graph.resolve(diskId, vm);
  if (disk === undefined) return false;
  if (isUnknown(disk)) return disk;
  const verdict = diskEncryption(disk);
  return isUnknown(verdict) ? verdict : verdict === true;
}
