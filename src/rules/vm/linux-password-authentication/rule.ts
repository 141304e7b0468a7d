import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { osFamily, profile, profileAt, VM_TYPES, withoutVmModel } from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-VM-013',
  name: 'linux-password-authentication',
  pillar: 'VM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Linux VMs disable password authentication (SSH keys only)',
    ja: 'Linux VM でパスワード認証を無効化（SSH 鍵のみ）',
  },
  fix: {
    en: 'Set osProfile.linuxConfiguration.disablePasswordAuthentication to true and give an SSH public key.',
    ja: 'osProfile.linuxConfiguration.disablePasswordAuthentication を true にし、SSH 公開鍵を設定します。',
  },
  messages: {
    passwordAllowed: {
      en: 'Linux {{machine}} "{{name}}" allows SSH password sign-in: disablePasswordAuthentication is false.',
      ja: 'Linux {{machine}} "{{name}}" は SSH のパスワードによるサインインを許可しています（disablePasswordAuthentication が false）。',
    },
    passwordNotDisabled: {
      en: 'Linux {{machine}} "{{name}}" does not set disablePasswordAuthentication, so SSH password sign-in stays allowed (it defaults to false).',
      ja: 'Linux {{machine}} "{{name}}" は disablePasswordAuthentication を設定していないため、SSH のパスワードによるサインインが許可されたままです（既定値は false）。',
    },
  },
  mappings: {
    'mcsb-v1': ['IM-6'],
    'azure-policy': ['630c64f9-8b6b-4c64-b511-6544ceff6fd6'],
    peers: [
      'checkov CKV_AZURE_1',
      'checkov CKV_AZURE_149',
      'checkov CKV_AZURE_178',
      'prowler vm_linux_enforce_ssh_authentication',
      'PSRule Azure.VM.PublicKey',
    ],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const family = osFamily(context.graph, vm);
    if (isUnknown(family)) return context.unknown(family.reason);
    if (family !== 'Linux') return context.notApplicable('Windows VM');
    const osProfile = profile(vm, 'osProfile');
    if (isUnknown(osProfile)) return context.unknown(osProfile.reason);
    if (osProfile === undefined || osProfile === null) return context.notApplicable('the VM boots from an attached OS disk and has no provisioning profile');
    const linuxConfiguration = profile(vm, 'osProfile', 'linuxConfiguration');
    if (isUnknown(linuxConfiguration)) return context.unknown(linuxConfiguration.reason);
    const setting = asBoolean(profile(vm, 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication'));
    if (isUnknown(setting)) return context.unknown(setting.reason);
    if (setting === true) return;
    const { pointer } = profileAt(vm, 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication');
    context.report(setting === false ? 'passwordAllowed' : 'passwordNotDisabled', { name: vm.name }, { at: pointer });
  },
});
