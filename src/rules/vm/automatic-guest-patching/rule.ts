import { z } from 'zod';
import { get } from '../../../model/resource.js';
import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isReadFromAzure, isScaleSet, isUniformScaleSet, profile, VM_TYPES, withoutVmModel } from '../../shared/compute.js';
import { inGuestPatchSchedules, NO_SCHEDULE_IN_TEMPLATE, patchOrchestration } from '../../shared/maintenance.js';

const FLEXIBLE_ON_SCHEDULES =
  'the scale set uses Customer Managed Schedules (bypassPlatformSafetyChecksOnUserSchedule true): Update Manager schedules are assigned to its VMs, which are checked one by one';
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
    en: 'Set patchSettings.patchMode to AutomaticByPlatform; to patch on an Update Manager schedule instead, also set bypassPlatformSafetyChecksOnUserSchedule true and assign an InGuestPatch maintenance configuration.',
    ja: 'patchSettings.patchMode を AutomaticByPlatform にします。Update Manager のスケジュールで適用する場合は、さらに bypassPlatformSafetyChecksOnUserSchedule を true にし、InGuestPatch メンテナンス構成を割り当てます。',
  },
  messages: {
    notAutomatic: {
      en: '{{os}} {{machine}} "{{name}}" uses patch mode {{patchMode}} and no Update Manager schedule covers it: security updates are not applied automatically.',
      ja: '{{os}} {{machine}} "{{name}}" の修正プログラムモードは {{patchMode}} で、Update Manager のスケジュールもないため、セキュリティ更新が自動適用されません。',
    },
    noSchedule: {
      en: '{{os}} {{machine}} "{{name}}" sets bypassPlatformSafetyChecksOnUserSchedule (Customer Managed Schedules), so the platform no longer patches it, and no Update Manager schedule is assigned to it: security updates are not applied automatically.',
      ja: '{{os}} {{machine}} "{{name}}" は bypassPlatformSafetyChecksOnUserSchedule（カスタマー管理スケジュール）を設定しているためプラットフォームによる修正プログラム適用が行われず、Update Manager のスケジュールも割り当てられていないため、セキュリティ更新が自動適用されません。',
    },
    scheduleNotPrepared: {
      en: '{{os}} {{machine}} "{{name}}" uses patch mode {{patchMode}}, so Update Manager schedule "{{configuration}}" fails to patch it: schedules patch only VMs with patchMode AutomaticByPlatform and bypassPlatformSafetyChecksOnUserSchedule true.',
      ja: '{{os}} {{machine}} "{{name}}" の修正プログラムモードは {{patchMode}} のため、Update Manager のスケジュール "{{configuration}}" による修正プログラム適用は失敗します。スケジュールが適用されるのは patchMode が AutomaticByPlatform で bypassPlatformSafetyChecksOnUserSchedule が true の VM だけです。',
    },
    scaleSetOnSchedules: {
      en: '{{os}} {{machine}} "{{name}}" sets bypassPlatformSafetyChecksOnUserSchedule (Customer Managed Schedules), so the platform no longer patches its instances, and Update Manager schedules are not assigned to scale sets: turn on automatic OS image upgrades or set the setting to false.',
      ja: '{{os}} {{machine}} "{{name}}" は bypassPlatformSafetyChecksOnUserSchedule（カスタマー管理スケジュール）を設定しているためインスタンスにプラットフォームによる修正プログラム適用が行われず、Update Manager のスケジュールはスケールセットに割り当てられません。OS イメージの自動アップグレードを有効にするか、この設定を false にします。',
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
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    if (isScaleSet(vm)) {
      // Automatic OS image upgrades replace the instances' OS with the latest patched image.
      const automaticUpgrade = asBoolean(get(vm, 'properties', 'upgradePolicy', 'automaticOSUpgradePolicy', 'enableAutomaticOSUpgrade'));
      if (automaticUpgrade === true) return;
    }
    const osProfile = profile(vm, 'osProfile');
    if (isUnknown(osProfile)) return context.unknown(osProfile.reason);
    if (osProfile === undefined || osProfile === null)
      return context.notApplicable('the VM boots from an attached OS disk: the guest keeps the patching it had');
    const orchestration = patchOrchestration(context.graph, vm);
    if (isUnknown(orchestration)) return context.unknown(orchestration.reason);
    const { family: os, modePointer } = orchestration;
    if (orchestration.automaticByPlatform) {
      const userSchedules = orchestration.customerManagedSchedules;
      if (isUnknown(userSchedules)) return context.unknown(userSchedules.reason);
      // The platform patches, with its availability-first safety checks.
      if (!userSchedules) return;
      // Customer Managed Schedules: the platform no longer patches the VM; only a schedule does.
      if (isScaleSet(vm)) {
        if (!isUniformScaleSet(vm)) return context.notApplicable(FLEXIBLE_ON_SCHEDULES);
        context.report('scaleSetOnSchedules', { name: vm.name, os }, { at: orchestration.bypassPointer });
        return;
      }
      const schedules = inGuestPatchSchedules(context.graph, vm);
      if (schedules.found.length > 0) return;
      if (schedules.unknown) return context.unknown(schedules.unknown.reason);
      if (!isReadFromAzure(vm)) return context.unknown(NO_SCHEDULE_IN_TEMPLATE);
      context.report('noSchedule', { name: vm.name, os }, { at: orchestration.bypassPointer });
      return;
    }
    let patchMode = orchestration.patchMode;
    if (os === 'Windows') {
      const updates = asBoolean(profile(vm, ...orchestration.path, 'enableAutomaticUpdates'));
      if (isUnknown(updates)) return context.unknown(updates.reason);
      patchMode ??= updates === false ? 'Manual' : 'AutomaticByOS';
      if (/^automaticbyos$/i.test(patchMode) && updates !== false) {
        if (context.options.acceptAutomaticByOS) return;
        context.report('windowsUpdateOnly', { name: vm.name }, { at: modePointer });
        return;
      }
    }
    patchMode ??= 'ImageDefault';
    // A schedule patches only a VM prepared for it (Customer Managed Schedules): with any other
    // patch mode it fails, whatever else may be assigned.
    const schedule = inGuestPatchSchedules(context.graph, vm).found[0];
    if (schedule) context.report('scheduleNotPrepared', { name: vm.name, os, patchMode, configuration: schedule.name }, { at: modePointer });
    else context.report('notAutomatic', { name: vm.name, os, patchMode }, { at: modePointer });
  },
});
