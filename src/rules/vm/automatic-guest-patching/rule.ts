import { z } from 'zod';
import { get } from '../../../model/resource.js';
import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isScaleSet, osConfigurationPath, profile, profileAt, VM_TYPES } from '../../shared/compute.js';
import { isInGuestPatch, maintenanceAssignments } from '../../shared/maintenance.js';

export default defineRule({
  id: 'AZV-VM-009',
  name: 'automatic-guest-patching',
  pillar: 'VM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Guest OS patch orchestration is automatic (AutomaticByPlatform) or governed by Update Manager',
    ja: 'ゲスト OS の修正プログラム適用が自動（AutomaticByPlatform）または Update Manager で管理されている',
  },
  fix: {
    en: 'Set patchSettings.patchMode to AutomaticByPlatform, or assign an Update Manager InGuestPatch maintenance configuration.',
    ja: 'patchSettings.patchMode を AutomaticByPlatform にするか、Update Manager の InGuestPatch メンテナンス構成を割り当てます。',
  },
  messages: {
    notAutomatic: {
      en: '{{os}} {{machine}} "{{name}}" uses patch mode {{patchMode}} and no Update Manager schedule covers it: security updates are not applied automatically.',
      ja: '{{os}} {{machine}} "{{name}}" の修正プログラムモードは {{patchMode}} で、Update Manager のスケジュールもないため、セキュリティ更新が自動適用されません。',
    },
    windowsUpdateOnly: {
      en: 'Windows {{machine}} "{{name}}" relies on in-guest Windows Update (AutomaticByOS), which Azure does not orchestrate or report.',
      ja: 'Windows {{machine}} "{{name}}" はゲスト内の Windows Update（AutomaticByOS）に依存しており、Azure による制御や報告がありません。',
    },
  },
  mappings: {
    'mcsb-v1': ['PV-6'],
    'azure-policy': ['6d02d2f7-e38b-4bdc-96f3-adc0a8726abc'],
    peers: ['checkov CKV_AZURE_177', 'PSRule Azure.VM.Updates', 'PSRule Azure.VM.Agent'],
  },
  options: z
    .object({
      /** Windows AutomaticByOS (in-guest Windows Update on) counts as automatic patching. */
      acceptAutomaticByOS: z.boolean().default(true),
    })
    .strict(),
  check(vm, context) {
    if (isScaleSet(vm)) {
      // Automatic OS image upgrades replace the instances' OS with the latest patched image.
      const automaticUpgrade = asBoolean(get(vm, 'properties', 'upgradePolicy', 'automaticOSUpgradePolicy', 'enableAutomaticOSUpgrade'));
      if (automaticUpgrade === true) return;
    }
    const osProfile = profile(vm, 'osProfile');
    if (isUnknown(osProfile)) return context.unknown(osProfile.reason);
    if (osProfile === undefined || osProfile === null)
      return context.notApplicable('the VM boots from an attached OS disk: the guest keeps the patching it had');
    const configuration = osConfigurationPath(context.graph, vm);
    if (isUnknown(configuration)) return context.unknown(configuration.reason);
    const mode = profileAt(vm, ...configuration.path, 'patchSettings', 'patchMode');
    if (isUnknown(mode.value)) return context.unknown(mode.value.reason);
    let patchMode = typeof mode.value === 'string' ? mode.value : undefined;
    if (patchMode !== undefined && /^automaticbyplatform$/i.test(patchMode)) return;
    if (configuration.family === 'Windows') {
      const updates = asBoolean(profile(vm, ...configuration.path, 'enableAutomaticUpdates'));
      if (isUnknown(updates)) return context.unknown(updates.reason);
      patchMode ??= updates === false ? 'Manual' : 'AutomaticByOS';
      if (/^automaticbyos$/i.test(patchMode) && updates !== false) {
        if (context.options.acceptAutomaticByOS) return;
        context.report('windowsUpdateOnly', { name: vm.name }, { at: mode.pointer });
        return;
      }
    }
    patchMode ??= 'ImageDefault';
    const schedules = maintenanceAssignments(context.graph, vm);
    for (const { configuration: maintenance } of schedules.found) {
      if (maintenance === undefined) continue;
      if (isUnknown(maintenance)) return context.unknown(maintenance.reason);
      const inGuest = isInGuestPatch(maintenance);
      if (isUnknown(inGuest)) return context.unknown(inGuest.reason);
      if (inGuest) return;
    }
    if (schedules.unknown) return context.unknown(schedules.unknown.reason);
    context.report('notAutomatic', { name: vm.name, os: configuration.family, patchMode }, { at: mode.pointer });
  },
});
