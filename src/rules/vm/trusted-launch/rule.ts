import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import {
  attachedDiskGeneration,
  imageGeneration,
  leftToTrustedLaunchAsDefault,
  profile,
  profileAt,
  securityType,
  TRUSTED_LAUNCH_AS_DEFAULT_REASON,
  VM_TYPES,
  withoutVmModel,
} from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-VM-006',
  name: 'trusted-launch',
  pillar: 'VM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Trusted Launch enabled with Secure Boot and vTPM',
    ja: 'トラステッド起動が有効（セキュアブートと vTPM）',
  },
  fix: {
    en: 'Set securityProfile.securityType to TrustedLaunch with uefiSettings.secureBootEnabled and vTpmEnabled true (Gen2 image).',
    ja: 'securityProfile.securityType を TrustedLaunch にし、uefiSettings.secureBootEnabled と vTpmEnabled を true にします（第 2 世代イメージ）。',
  },
  messages: {
    standard: {
      en: '{{machine}} "{{name}}" uses security type {{securityType}}: no Secure Boot or vTPM protects it against boot kits and rootkits.',
      ja: '{{machine}} "{{name}}" のセキュリティの種類は {{securityType}} です。セキュアブートと vTPM によるブートキット・ルートキット対策がありません。',
    },
    settingOff: {
      en: '{{machine}} "{{name}}" uses {{securityType}} but {{setting}} is not true.',
      ja: '{{machine}} "{{name}}" は {{securityType}} を使用していますが、{{setting}} が true ではありません。',
    },
  },
  mappings: {
    'mcsb-v1': ['PV-4'],
    'cis-azure-3.0.0': ['8.11'],
    'azure-policy': ['c95b54ad-0614-4633-ab29-104b01235cbf', '97566dd7-78ae-4997-8b36-1c7bfe0d8121', '1c30f9cd-b84c-49cc-aa2c-9288447cc3b3'],
    peers: ['prowler vm_trusted_launch_enabled'],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const type = securityType(vm);
    if (isUnknown(type)) return context.unknown(type.reason);
    if (!/^(trustedlaunch|confidentialvm)$/i.test(type)) {
      if (attachedDiskGeneration(context.graph, vm) === 'V1') return context.notApplicable('Generation 1 OS disk: Trusted Launch needs a Generation 2 VM');
      if (imageGeneration(context.graph, vm) === 'V1') return context.notApplicable('Generation 1 image: Trusted Launch needs a Generation 2 VM');
      if (leftToTrustedLaunchAsDefault(context.graph, vm)) return context.unknown(TRUSTED_LAUNCH_AS_DEFAULT_REASON);
      context.report('standard', { name: vm.name, securityType: type }, { at: profileAt(vm, 'securityProfile').pointer });
      return;
    }
    let unknownReason: string | undefined;
    for (const setting of ['secureBootEnabled', 'vTpmEnabled']) {
      const value = asBoolean(profile(vm, 'securityProfile', 'uefiSettings', setting));
      if (isUnknown(value)) unknownReason ??= value.reason;
      else if (value !== true) {
        context.report(
          'settingOff',
          { name: vm.name, securityType: type, setting: `uefiSettings.${setting}` },
          {
            at: profileAt(vm, 'securityProfile', 'uefiSettings', setting).pointer,
          },
        );
      }
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});
