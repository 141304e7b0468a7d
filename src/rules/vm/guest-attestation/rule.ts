import { asBoolean, isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import {
  isExtension,
  leftToTrustedLaunchAsDefault,
  profile,
  profileAt,
  securityType,
  TRUSTED_LAUNCH_AS_DEFAULT_REASON,
  unreadableExtension,
  VM_TYPES,
  vmExtensions,
  withoutVmModel,
} from '../../shared/compute.js';

const ATTESTATION_PUBLISHERS = ['Microsoft.Azure.Security.WindowsAttestation', 'Microsoft.Azure.Security.LinuxAttestation'];

export default defineRule({
  id: 'AZV-VM-007',
  name: 'guest-attestation',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Guest Attestation extension installed on Trusted Launch / Confidential VMs (boot integrity monitoring)',
    ja: 'トラステッド起動／機密 VM に Guest Attestation 拡張機能が導入されている（ブート整合性監視）',
  },
  fix: {
    en: 'Add the GuestAttestation extension (Microsoft.Azure.Security.WindowsAttestation or .LinuxAttestation) to the VM.',
    ja: 'VM に GuestAttestation 拡張機能（Microsoft.Azure.Security.WindowsAttestation または .LinuxAttestation）を追加します。',
  },
  messages: {
    missing: {
      en: '{{securityType}} {{machine}} "{{name}}" has no Guest Attestation extension: boot integrity is not monitored.',
      ja: '{{securityType}} の {{machine}} "{{name}}" には Guest Attestation 拡張機能がなく、ブート整合性が監視されていません。',
    },
    unhealthy: {
      en: 'The Guest Attestation extension "{{extension}}" of {{machine}} "{{name}}" is in state {{state}}.',
      ja: '{{machine}} "{{name}}" の Guest Attestation 拡張機能 "{{extension}}" の状態は {{state}} です。',
    },
  },
  mappings: {
    'mcsb-v1': ['PV-4'],
    'azure-policy': ['1cb4d9c2-f88f-4069-bee0-dba239a57b09', '672fe5a1-2fcd-42d7-b85d-902b6e28c6ff', 'f6358610-e532-4236-b178-4c65865eb262'],
    'defender-for-cloud': ['b7604066-ed76-45f9-a5c1-c97e4812dc55'],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const type = securityType(vm);
    if (isUnknown(type)) return context.unknown(type.reason);
    if (!/^(trustedlaunch|confidentialvm)$/i.test(type)) {
      // Without securityType, a recent API version may give the VM Trusted Launch (and a vTPM) all the
      // same: AZV-VM-006 cannot tell either.
      if (leftToTrustedLaunchAsDefault(context.graph, vm)) return context.unknown(TRUSTED_LAUNCH_AS_DEFAULT_REASON);
      return context.notApplicable(`security type ${type}: no vTPM to attest (AZV-VM-006)`);
    }
    for (const setting of ['secureBootEnabled', 'vTpmEnabled']) {
      const value = asBoolean(profile(vm, 'securityProfile', 'uefiSettings', setting));
      if (isUnknown(value)) return context.unknown(value.reason);
      if (value !== true) return context.notApplicable(`uefiSettings.${setting} is not true: attestation needs Secure Boot and vTPM (AZV-VM-006)`);
    }
    const extensions = vmExtensions(context.graph, vm);
    if (isUnknown(extensions)) return context.unknown(extensions.reason);
    const attestation = extensions.filter((extension) => isExtension(extension, ATTESTATION_PUBLISHERS, ['GuestAttestation']));
    for (const extension of attestation) {
      const state = prop(extension.properties, 'provisioningState');
      if (typeof state === 'string' && !/^(succeeded|creating|updating)$/i.test(state)) {
        context.report(
          'unhealthy',
          { name: vm.name, extension: extension.name, state },
          { resource: extension.resource, at: `${extension.pointer}/provisioningState` },
        );
      }
    }
    if (attestation.length > 0) return;
    const unreadable = unreadableExtension(context.graph, vm, extensions);
    if (unreadable) return context.unknown(unreadable.reason);
    context.report('missing', { name: vm.name, securityType: type }, { at: profileAt(vm, 'securityProfile').pointer });
  },
});
