import { z } from 'zod';
import { get } from '../../../model/resource.js';
import { isObject, isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { profileAt, securityType, VM_TYPES, withoutVmModel } from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-VM-008',
  name: 'confidential-os-disk-encryption',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Confidential VMs (where required) use confidential OS disk encryption',
    ja: '機密性要件のある VM は機密 VM とし、機密 OS ディスク暗号化を使用',
  },
  fix: {
    en: 'Deploy VMs tagged as confidential as securityType ConfidentialVM (DCasv5/ECasv5/DCesv5 sizes) with osDisk securityEncryptionType DiskWithVMGuestState.',
    ja: '機密タグの付いた VM は securityType を ConfidentialVM（DCasv5／ECasv5／DCesv5 サイズ）にし、OS ディスクの securityEncryptionType を DiskWithVMGuestState にします。',
  },
  messages: {
    notConfidential: {
      en: '{{machine}} "{{name}}" is tagged {{tag}}={{value}} but uses security type {{securityType}}, not ConfidentialVM.',
      ja: '{{machine}} "{{name}}" には {{tag}}={{value}} のタグがありますが、セキュリティの種類は ConfidentialVM ではなく {{securityType}} です。',
    },
    osDiskNotEncrypted: {
      en: 'Confidential {{machine}} "{{name}}" uses OS disk securityEncryptionType {{encryption}}: the OS disk itself is not confidentially encrypted.',
      ja: '機密 {{machine}} "{{name}}" の OS ディスクの securityEncryptionType は {{encryption}} で、OS ディスク自体は機密暗号化されていません。',
    },
  },
  mappings: { 'mcsb-v1': ['DP-4', 'DP-5'] },
  options: z
    .object({
      /** The tag that marks a VM as needing hardware-based isolation, and the values that do. */
      tag: z.string().default('data-classification'),
      values: z.array(z.string()).default(['confidential', 'highly-confidential', 'restricted']),
    })
    .strict(),
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const tags = get(vm, 'tags');
    if (isUnknown(tags)) return context.unknown(tags.reason);
    const value = isObject(tags) ? prop(tags, context.options.tag) : undefined;
    if (isUnknown(value)) return context.unknown(value.reason);
    const wanted = context.options.values.map((v) => v.toLowerCase());
    if (typeof value !== 'string' || !wanted.includes(value.toLowerCase())) {
      return context.notApplicable(`not tagged ${context.options.tag}=${context.options.values.join('|')}`);
    }
    const type = securityType(vm);
    if (isUnknown(type)) return context.unknown(type.reason);
    if (!/^confidentialvm$/i.test(type)) {
      context.report(
        'notConfidential',
        { name: vm.name, tag: context.options.tag, value, securityType: type },
        { at: profileAt(vm, 'securityProfile').pointer },
      );
      return;
    }
    const encryption = profileAt(vm, 'storageProfile', 'osDisk', 'managedDisk', 'securityProfile', 'securityEncryptionType');
    if (isUnknown(encryption.value)) return context.unknown(encryption.value.reason);
    if (typeof encryption.value === 'string' && /^diskwithvmgueststate$/i.test(encryption.value)) return;
    const shown = typeof encryption.value === 'string' ? encryption.value : 'none';
    context.report('osDiskNotEncrypted', { name: vm.name, encryption: shown }, { at: encryption.pointer });
  },
});
