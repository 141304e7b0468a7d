import { z } from 'zod';
import { at, get, type Resource } from '../../../model/resource.js';
import { isUnknown, prop, type Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isReadFromAzure, isScaleSet, profile, VM_TYPES } from '../../shared/compute.js';
import { asOfOption, parseDate } from '../../shared/dates.js';
import {
  customImageFinding,
  effectivePatchMode,
  expiredScheduleFinding,
  inGuestPatchSchedules,
  NO_SCHEDULE_IN_TEMPLATE,
  NOT_FOR_SCALE_SETS,
  patchOrchestration,
} from '../../shared/maintenance.js';

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
    bypassWithoutSchedule: {
      en: '{{machine}} "{{name}}" sets bypassPlatformSafetyChecksOnUserSchedule (Customer Managed Schedules) but has no Update Manager schedule (InGuestPatch maintenance configuration): the platform no longer patches it and no schedule does.',
      ja: '{{machine}} "{{name}}" は bypassPlatformSafetyChecksOnUserSchedule（カスタマー管理スケジュール）を設定していますが、Update Manager のスケジュール（InGuestPatch メンテナンス構成）がありません。プラットフォームによる修正プログラム適用は行われず、スケジュールによる適用もありません。',
    },
    customImageWithoutSchedule: {
      en: '{{machine}} "{{name}}" is built from custom image "{{image}}", on which automatic VM guest patching does not work even with patch mode AutomaticByPlatform, and has no Update Manager schedule (InGuestPatch maintenance configuration): nothing patches it.',
      ja: '{{machine}} "{{name}}" はカスタムイメージ "{{image}}" から作成されており、修正プログラムモードが AutomaticByPlatform でも VM ゲストの自動パッチ適用が機能しません。Update Manager のスケジュール（InGuestPatch メンテナンス構成）もないため、修正プログラムを適用するものがありません。',
    },
    expired: {
      en: 'Schedule "{{configuration}}" assigned to {{machine}} "{{name}}" expired on {{expiration}}, and no other schedule patches it: the platform no longer patches it either (bypassPlatformSafetyChecksOnUserSchedule true).',
      ja: '{{machine}} "{{name}}" に割り当てられたスケジュール "{{configuration}}" は {{expiration}} に期限切れになっており、ほかに修正プログラムを適用するスケジュールもありません。プラットフォームによる適用も行われません（bypassPlatformSafetyChecksOnUserSchedule が true）。',
    },
    notPrepared: {
      en: '{{machine}} "{{name}}" is assigned schedule "{{configuration}}" but is not prepared for it: set patchMode AutomaticByPlatform and bypassPlatformSafetyChecksOnUserSchedule true, or the schedule never runs.',
      ja: '{{machine}} "{{name}}" にはスケジュール "{{configuration}}" が割り当てられていますが、準備ができていません。patchMode を AutomaticByPlatform、bypassPlatformSafetyChecksOnUserSchedule を true にしないとスケジュールは実行されません。',
    },
    infrequent: {
      en: 'Schedule "{{configuration}}" assigned to {{machine}} "{{name}}" recurs "{{recurEvery}}", less often than monthly: security updates wait longer than Microsoft\'s monthly release cycle.',
      ja: '{{machine}} "{{name}}" に割り当てられたスケジュール "{{configuration}}" の繰り返しは "{{recurEvery}}" で、月 1 回より少なく、セキュリティ更新が Microsoft の月次リリースより長く待たされます。',
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
  options: z
    .object({
      /** The date an Update Manager schedule's expirationDateTime is compared with. */
      asOf: asOfOption,
    })
    .strict(),
  check(vm, context) {
    if (isScaleSet(vm)) return context.notApplicable(NOT_FOR_SCALE_SETS);
    const osProfile = profile(vm, 'osProfile');
    if (isUnknown(osProfile)) return context.unknown(osProfile.reason);
    // Schedules patch only VMs whose OS profile sets patchMode AutomaticByPlatform (AZV-VM-009 says the same).
    if (osProfile === undefined || osProfile === null)
      return context.notApplicable('the VM boots from an attached OS disk and has no OS profile to set the patch orchestration schedules need');
    const orchestration = patchOrchestration(context.graph, vm);
    if (isUnknown(orchestration)) return context.unknown(orchestration.reason);
    const { family } = orchestration;
    const mode = effectivePatchMode(vm, orchestration);
    // The mode is only named in the message: one not known does not change the verdict.
    const patchMode = isUnknown(mode) ? 'not known' : mode;
    const prepared = orchestration.customerManagedSchedules;

    // A schedule whose window expired before the as-of date no longer runs.
    const schedules = inGuestPatchSchedules(context.graph, vm, parseDate(context.options.asOf) as number);
    const inGuest = schedules.found;
    if (inGuest.length === 0) {
      if (schedules.unknown) return context.unknown(schedules.unknown.reason);
      if (!orchestration.automaticByPlatform) {
        context.report('noSchedule', { name: vm.name, patchMode }, { at: orchestration.modePointer });
        return;
      }
      if (isUnknown(prepared)) return context.unknown(prepared.reason);
      // Without a schedule, automatic VM guest patching by the platform still applies updates (AZV-VM-009),
      // unless the VM is left to schedules (Customer Managed Schedules): the platform then no longer patches it.
      // Nor does it patch a VM created from a custom image, whatever the patch mode.
      if (!prepared) {
        const image = customImageFinding(vm);
        if (isUnknown(image)) return context.unknown(image.reason);
        if (image) context.report('customImageWithoutSchedule', { name: vm.name, ...image.data }, image.target);
        return;
      }
      const expired = schedules.expired[0];
      if (expired) {
        const { data, target } = expiredScheduleFinding(expired);
        context.report('expired', { name: vm.name, ...data }, target);
        return;
      }
      if (!isReadFromAzure(vm)) return context.unknown(NO_SCHEDULE_IN_TEMPLATE);
      context.report('bypassWithoutSchedule', { name: vm.name }, { at: orchestration.bypassPointer });
      return;
    }
    if (isUnknown(prepared)) return context.unknown(prepared.reason);
    const first = inGuest[0] as Resource;
    if (!prepared) {
      context.report('notPrepared', { name: vm.name, configuration: first.name }, { at: orchestration.modePointer });
    }
    for (const maintenance of inGuest) {
      const recurrence = at(maintenance, 'properties', 'maintenanceWindow', 'recurEvery');
      if (isUnknown(recurrence.value)) return context.unknown(recurrence.value.reason);
      const days = typeof recurrence.value === 'string' ? recurrenceDays(recurrence.value) : undefined;
      if (days !== undefined && days > MONTH_DAYS) {
        context.report(
          'infrequent',
          { name: vm.name, configuration: maintenance.name, recurEvery: recurrence.value as string },
          { resource: maintenance, at: recurrence.pointer },
        );
      }
      const missing = missingClassifications(maintenance, family);
      if (isUnknown(missing)) return context.unknown(missing.reason);
      if (missing.length > 0) {
        context.report(
          'classificationsMissing',
          { name: vm.name, configuration: maintenance.name, missing: missing.join(', '), os: family },
          { resource: maintenance, at: '/properties/installPatches' },
        );
      }
    }
  },
});

/** The longest a month runs: a schedule that waits longer recurs less often than monthly. */
const MONTH_DAYS = 31;

/**
 * How many days a maintenance window waits between runs, from `recurEvery` as Microsoft documents
 * it: `Day`, `3Days`, `Week Saturday,Sunday`, `2Weeks`, `Month day23`, `2Months Last Sunday
 * Offset-3`, `6Hours` (a month counted as 28 days, the shortest, so that only a longer schedule is
 * reported); undefined when the text does not say.
 */
function recurrenceDays(text: string): number | undefined {
  const match = /^\s*(\d*)\s*(hour|day|week|month)s?\b/i.exec(text);
  if (!match) return undefined;
  const count = match[1] === '' ? 1 : Number(match[1]);
  return count * UNIT_DAYS[(match[2] as string).toLowerCase() as keyof typeof UNIT_DAYS];
}

const UNIT_DAYS = { hour: 1 / 24, day: 1, week: 7, month: 28 };

/** Critical and Security classifications the configuration leaves out for this OS (an absent list installs the defaults, which include both). */
function missingClassifications(configuration: Resource, family: 'Linux' | 'Windows'): string[] | Unknown {
  const parameters = family === 'Linux' ? 'linuxParameters' : 'windowsParameters';
  const list = prop(get(configuration, 'properties', 'installPatches'), parameters, 'classificationsToInclude');
  if (isUnknown(list)) return list;
  if (!Array.isArray(list) || list.length === 0) return [];
  const included = list.filter((item): item is string => typeof item === 'string').map((item) => item.toLowerCase());
  return ['Critical', 'Security'].filter((wanted) => !included.includes(wanted.toLowerCase()));
}
