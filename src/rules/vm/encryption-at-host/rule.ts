import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { profile, profileAt, securityType, VM_TYPES, withoutVmModel } from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-VM-004',
  name: 'encryption-at-host',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Encryption at host enabled (temp disk, caches and data flows encrypted)',
    ja: 'ホストでの暗号化が有効（一時ディスク・キャッシュ・データフローも暗号化）',
  },
  fix: {
    en: 'Set securityProfile.encryptionAtHost to true (register the Microsoft.Compute/EncryptionAtHost feature once per subscription).',
    ja: 'securityProfile.encryptionAtHost を true にします（サブスクリプションで Microsoft.Compute/EncryptionAtHost 機能を一度登録）。',
  },
  messages: {
    disabled: {
      en: '{{machine}} "{{name}}" does not enable encryption at host: its temporary disk and disk caches are stored unencrypted on the host.',
      ja: '{{machine}} "{{name}}" はホストでの暗号化を有効にしていません。一時ディスクとディスクキャッシュがホスト上で暗号化されずに保存されます。',
    },
  },
  mappings: {
    'mcsb-v1': ['DP-4'],
    'azure-policy': ['fc4d8e41-e223-45ea-9bf5-eada37891d87', '3dc5edcd-002d-444c-b216-e123bbfa37c0', 'ca88aadc-6e2b-416c-9de2-5a0f01d1693f'],
    peers: ['checkov CKV_AZURE_97', 'checkov CKV_AZURE_151'],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const enabled = asBoolean(profile(vm, 'securityProfile', 'encryptionAtHost'));
    if (enabled === true) return;
    const type = securityType(vm);
    if (!isUnknown(type) && /^confidentialvm$/i.test(type)) {
      const encryption = profile(vm, 'storageProfile', 'osDisk', 'managedDisk', 'securityProfile', 'securityEncryptionType');
      if (typeof encryption === 'string' && /^diskwithvmgueststate$/i.test(encryption)) {
        return context.notApplicable('confidential VM with confidential OS disk encryption');
      }
    }
    if (isUnknown(enabled)) return context.unknown(enabled.reason);
    context.report('disabled', { name: vm.name }, { at: profileAt(vm, 'securityProfile', 'encryptionAtHost').pointer });
  },
});
