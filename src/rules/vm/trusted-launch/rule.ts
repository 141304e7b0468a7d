import type { ResourceGraph } from '../../../model/graph.js';
import { get, type Resource } from '../../../model/resource.js';
import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { profile, profileAt, securityType, VM_TYPES, withoutVmModel } from '../../shared/compute.js';

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
      if (attachedDiskGeneration(vm, context.graph) === 'V1') return context.notApplicable('Generation 1 OS disk: Trusted Launch needs a Generation 2 VM');
      if (imageGeneration(vm, context.graph) === 'V1') return context.notApplicable('Generation 1 image: Trusted Launch needs a Generation 2 VM');
      if (leftToTrustedLaunchAsDefault(vm))
        return context.unknown(
          `securityType is not set, and from API version ${TRUSTED_LAUNCH_AS_DEFAULT} Azure gives a new Generation 2 VM Trusted Launch when its image and size support it (Trusted Launch as default)`,
        );
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

/**
 * The Compute API version from which a VM or scale set created without `securityType` gets Trusted
 * Launch when its image and size support it (Trusted Launch as default, generally available since
 * August 2026); with an earlier one it is Standard. Live and snapshot data give the security type
 * Azure set, so this concerns what a template or Bicep file deploys.
 */
const TRUSTED_LAUNCH_AS_DEFAULT = '2025-11-01';

function leftToTrustedLaunchAsDefault(vm: Resource): boolean {
  const written = profile(vm, 'securityProfile', 'securityType');
  const apiVersion = vm.body['apiVersion'];
  return (written === undefined || written === null || written === '') && typeof apiVersion === 'string' && apiVersion >= TRUSTED_LAUNCH_AS_DEFAULT;
}

/** The Hyper-V generation of the custom image or gallery image definition the VM is built from, when the input holds it. */
function imageGeneration(vm: Resource, graph: ResourceGraph): string | undefined {
  const id = profile(vm, 'storageProfile', 'imageReference', 'id');
  if (typeof id !== 'string') return undefined;
  // A gallery image version is read through its definition.
  const image = graph.get(id.replace(/\/versions\/[^/]+\/?$/i, ''), vm);
  const generation = image === undefined ? undefined : get(image, 'properties', 'hyperVGeneration');
  return typeof generation === 'string' ? generation.toUpperCase() : undefined;
}

/** The Hyper-V generation of the OS disk, when the VM boots from a managed disk that is in the input. */
function attachedDiskGeneration(vm: Resource, graph: ResourceGraph): string | undefined {
  const disk = graph.resolve(profile(vm, 'storageProfile', 'osDisk', 'managedDisk'), vm);
  if (disk === undefined || isUnknown(disk)) return undefined;
  const generation = get(disk, 'properties', 'hyperVGeneration');
  return typeof generation === 'string' ? generation.toUpperCase() : undefined;
}
