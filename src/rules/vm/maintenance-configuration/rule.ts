import { get, type Resource } from '../../../model/resource.js';
import { asBoolean, isUnknown, prop, type Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isScaleSet, osConfigurationPath, profile, profileAt, VM_TYPES } from '../../shared/compute.js';
import { isInGuestPatch, maintenanceAssignments } from '../../shared/maintenance.js';

export default defineRule({
  id: 'AZV-VM-011',
  name: 'maintenance-configuration',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Update Manager maintenance configuration (InGuestPatch schedule) assigned to each VM',
    ja: '各 VM に Update Manager のメンテナンス構成（InGuestPatch スケジュール）が割り当て済み',
  },
  fix: {
    en: 'Assign an InGuestPatch maintenance configuration that includes Critical and Security updates, and set patchMode AutomaticByPlatform with bypassPlatformSafetyChecksOnUserSchedule true.',
    ja: 'Critical と Security の更新を含む InGuestPatch メンテナンス構成を割り当て、patchMode を AutomaticByPlatform、bypassPlatformSafetyChecksOnUserSchedule を true にします。',
  },
  messages: {
    noSchedule: {
      en: '{{machine}} "{{name}}" has no Update Manager schedule (InGuestPatch maintenance configuration) and its patch mode is {{patchMode}}.',
      ja: '{{machine}} "{{name}}" には Update Manager のスケジュール（InGuestPatch メンテナンス構成）がなく、修正プログラムモードは {{patchMode}} です。',
    },
    notPrepared: {
      en: '{{machine}} "{{name}}" is assigned schedule "{{configuration}}" but is not prepared for it: set patchMode AutomaticByPlatform and bypassPlatformSafetyChecksOnUserSchedule true, or the schedule never runs.',
      ja: '{{machine}} "{{name}}" にはスケジュール "{{configuration}}" が割り当てられていますが、準備ができていません。patchMode を AutomaticByPlatform、bypassPlatformSafetyChecksOnUserSchedule を true にしないとスケジュールは実行されません。',
    },
    classificationsMissing: {
      en: 'Schedule "{{configuration}}" assigned to {{machine}} "{{name}}" does not install {{missing}} updates on {{os}}.',
      ja: '{{machine}} "{{name}}" に割り当てられたスケジュール "{{configuration}}" は {{os}} で {{missing}} の更新をインストールしません。',
    },
  },
  mappings: {
    'mcsb-v1': ['PV-6'],
    'azure-policy': ['ba0df93e-e4ac-479a-aac2-134bbae39a1a', '9905ca54-1471-49c6-8291-7582c04cd4d4'],
    peers: ['PSRule Azure.VM.MaintenanceConfig'],
  },
  check(vm, context) {
    if (isScaleSet(vm)) {
      return context.notApplicable(
        'Update Manager schedules are assigned to VMs (Flexible scale set instances); Uniform scale sets use automatic OS image upgrades',
      );
    }
    const configuration = osConfigurationPath(context.graph, vm);
    if (isUnknown(configuration)) return context.unknown(configuration.reason);
    const mode = profileAt(vm, ...configuration.path, 'patchSettings', 'patchMode');
    if (isUnknown(mode.value)) return context.unknown(mode.value.reason);
    const patchMode = typeof mode.value === 'string' ? mode.value : configuration.family === 'Windows' ? 'AutomaticByOS' : 'ImageDefault';
    const automatic = /^automaticbyplatform$/i.test(patchMode);

    const schedules = maintenanceAssignments(context.graph, vm);
    const inGuest: Resource[] = [];
    let unknownReason: string | undefined;
    for (const { configuration: maintenance } of schedules.found) {
      if (maintenance === undefined) continue;
      if (isUnknown(maintenance)) {
        unknownReason ??= maintenance.reason;
        continue;
      }
      const patch = isInGuestPatch(maintenance);
      if (isUnknown(patch)) unknownReason ??= patch.reason;
      else if (patch) inGuest.push(maintenance);
    }
    if (inGuest.length === 0) {
      if (unknownReason !== undefined) return context.unknown(unknownReason);
      if (schedules.unknown) return context.unknown(schedules.unknown.reason);
      // Without a schedule, automatic VM guest patching by the platform still applies updates (AZV-VM-009).
      if (automatic) return;
      context.report('noSchedule', { name: vm.name, patchMode }, { at: mode.pointer });
      return;
    }
    const bypass = asBoolean(profile(vm, ...configuration.path, 'patchSettings', 'automaticByPlatformSettings', 'bypassPlatformSafetyChecksOnUserSchedule'));
    if (isUnknown(bypass)) return context.unknown(bypass.reason);
    const first = inGuest[0] as Resource;
    if (!automatic || bypass !== true) {
      context.report('notPrepared', { name: vm.name, configuration: first.name }, { at: mode.pointer });
    }
    for (const maintenance of inGuest) {
      const missing = missingClassifications(maintenance, configuration.family);
      if (isUnknown(missing)) return context.unknown(missing.reason);
      if (missing.length > 0) {
        context.report(
          'classificationsMissing',
          { name: vm.name, configuration: maintenance.name, missing: missing.join(', '), os: configuration.family },
          { resource: maintenance, at: '/properties/installPatches' },
        );
      }
    }
  },
});

/** Critical and Security classifications the configuration leaves out for this OS (an absent list installs the defaults, which include both). */
function missingClassifications(configuration: Resource, family: 'Linux' | 'Windows'): string[] | Unknown {
  const parameters = family === 'Linux' ? 'linuxParameters' : 'windowsParameters';
  const list = prop(get(configuration, 'properties', 'installPatches'), parameters, 'classificationsToInclude');
  if (isUnknown(list)) return list;
  if (!Array.isArray(list) || list.length === 0) return [];
  const included = list.filter((item): item is string => typeof item === 'string').map((item) => item.toLowerCase());
  return ['Critical', 'Security'].filter((wanted) => !included.includes(wanted.toLowerCase()));
}
