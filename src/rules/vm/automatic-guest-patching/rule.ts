import { z } from 'zod';
import { at, type Resource } from '../../../model/resource.js';
import { asBoolean, isUnknown, lookup, type Unknown } from '../../../model/value.js';
import { defineRule, type CheckOutcome, type RuleContext } from '../../define-rule.js';
import { customImage, isReadFromAzure, isScaleSet, isUniformScaleSet, profile, profileAt, VM_TYPES, withoutVmModel } from '../../shared/compute.js';
import { asOfOption, parseDate } from '../../shared/dates.js';
import { customImageFinding, expiredScheduleFinding, inGuestPatchSchedules, NO_SCHEDULE_IN_TEMPLATE, patchOrchestration } from '../../shared/maintenance.js';

const options = z
  .object({
    /** Windows AutomaticByOS (in-guest Windows Update on) counts as automatic patching. */
    acceptAutomaticByOS: z.boolean().default(true),
    /** The date an Update Manager schedule's expirationDateTime is compared with. */
    asOf: asOfOption,
  })
  .strict();

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
    en: 'Set patchSettings.patchMode to AutomaticByPlatform; to patch on an Update Manager schedule instead (the only way for a VM from a custom image), also set bypassPlatformSafetyChecksOnUserSchedule true and assign an InGuestPatch maintenance configuration. On a Uniform scale set, turn on automatic OS image upgrades of a marketplace image with version latest or an Azure Compute Gallery image.',
    ja: 'patchSettings.patchMode を AutomaticByPlatform にします。Update Manager のスケジュールで適用する場合（カスタムイメージの VM ではこれしかありません）は、さらに bypassPlatformSafetyChecksOnUserSchedule を true にし、InGuestPatch メンテナンス構成を割り当てます。Uniform スケール セットでは、バージョンが latest の Marketplace イメージか Azure Compute Gallery のイメージで OS イメージの自動アップグレードを有効にします。',
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
    customImage: {
      en: '{{os}} {{machine}} "{{name}}" is built from custom image "{{image}}": automatic VM guest patching does not work on custom images even with patch mode AutomaticByPlatform, so only an Update Manager schedule (with bypassPlatformSafetyChecksOnUserSchedule true) patches it, and none does.',
      ja: '{{os}} {{machine}} "{{name}}" はカスタムイメージ "{{image}}" から作成されています。カスタムイメージでは修正プログラムモードが AutomaticByPlatform でも VM ゲストの自動パッチ適用が機能しないため、修正プログラムを適用するのは Update Manager のスケジュール（bypassPlatformSafetyChecksOnUserSchedule が true）だけですが、それがありません。',
    },
    scheduleExpired: {
      en: '{{os}} {{machine}} "{{name}}" is patched only by Update Manager schedules (Customer Managed Schedules), and schedule "{{configuration}}" assigned to it expired on {{expiration}}: security updates are no longer applied.',
      ja: '{{os}} {{machine}} "{{name}}" に修正プログラムを適用するのは Update Manager のスケジュール（カスタマー管理スケジュール）だけですが、割り当てられたスケジュール "{{configuration}}" は {{expiration}} に期限切れになっているため、セキュリティ更新が適用されなくなっています。',
    },
    uniformWithoutUpgrade: {
      en: 'Uniform {{machine}} "{{name}}" does not turn on automatic OS image upgrades: patch mode applies only to VMs and Flexible scale sets, so nothing patches its instances (a Windows scale set would have in-guest Windows Update).',
      ja: 'Uniform の {{machine}} "{{name}}" は OS イメージの自動アップグレードを有効にしていません。修正プログラムモードが適用されるのは VM と Flexible スケール セットだけのため、インスタンスに修正プログラムを適用するものがありません（Windows のスケール セットならゲスト内の Windows Update があります）。',
    },
    pinnedImageVersion: {
      en: '{{machine}} "{{name}}" turns on automatic OS image upgrades but pins marketplace image version {{version}}: only version latest is upgraded, so its instances keep the OS they were created with.',
      ja: '{{machine}} "{{name}}" は OS イメージの自動アップグレードを有効にしていますが、Marketplace イメージのバージョンを {{version}} に固定しています。アップグレードされるのはバージョン latest だけのため、インスタンスは作成時の OS のままです。',
    },
    managedImage: {
      en: '{{machine}} "{{name}}" turns on automatic OS image upgrades but is built from managed image "{{image}}", which is never upgraded: they need a marketplace image with version latest or an Azure Compute Gallery image.',
      ja: '{{machine}} "{{name}}" は OS イメージの自動アップグレードを有効にしていますが、アップグレードされないマネージドイメージ "{{image}}" から作成されています。自動アップグレードには、バージョンが latest の Marketplace イメージか Azure Compute Gallery のイメージが必要です。',
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
  options,
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const upgrade = isScaleSet(vm) ? automaticOSUpgrade(vm) : undefined;
    // Automatic OS image upgrades replace the instances' OS with the latest patched image.
    if (upgrade === true) return;
    const osProfile = profile(vm, 'osProfile');
    if (isUnknown(osProfile)) return context.unknown(osProfile.reason);
    if (osProfile === undefined || osProfile === null)
      return context.notApplicable('the VM boots from an attached OS disk: the guest keeps the patching it had');
    // patchMode applies to VMs and to Flexible scale sets only (REST PatchSettings.patchMode;
    // automatic VM guest patching "Applies to: Linux VMs, Windows VMs, Flexible scale sets"): a
    // Uniform scale set is kept patched by automatic OS image upgrades alone.
    if (upgrade !== undefined && isUniformScaleSet(vm)) {
      if (isUnknown(upgrade)) return context.unknown(upgrade.reason);
      // In-guest Windows Update (windowsConfiguration.enableAutomaticUpdates, on unless turned
      // off) runs in a Uniform scale set's instances as in a VM: AutomaticByOS.
      const orchestration = patchOrchestration(context.graph, vm);
      if (isUnknown(orchestration)) return context.unknown(orchestration.reason);
      if (orchestration.family === 'Windows') {
        const updates = asBoolean(profile(vm, ...orchestration.path, 'enableAutomaticUpdates'));
        if (isUnknown(updates)) return context.unknown(updates.reason);
        if (updates !== false) {
          if (context.options.acceptAutomaticByOS) return;
          context.report('windowsUpdateOnly', { name: vm.name }, { at: orchestration.modePointer });
          return;
        }
      }
      context.report(upgrade.messageId, { name: vm.name, ...upgrade.data }, { at: upgrade.at });
      return;
    }
    if (!isUnknown(upgrade)) return checkPatchMode(vm, context);
    // A Flexible scale set whose automatic OS image upgrades are not known: turned on, they keep it
    // patched whatever its patch mode, so a patch mode that fails it only makes the verdict unknown
    // (a finding reported fails the evaluation, so the patch mode's findings are only counted).
    let failed = false;
    const outcome = checkPatchMode(vm, {
      ...context,
      report: () => {
        failed = true;
      },
    });
    return failed ? context.unknown(upgrade.reason) : outcome;
  },
});

type PatchModeMessageId = 'notAutomatic' | 'noSchedule' | 'scheduleNotPrepared' | 'customImage' | 'scheduleExpired' | 'windowsUpdateOnly';

/** Whether the patch mode (with an Update Manager schedule where it needs one) keeps a VM or Flexible scale set patched. */
function checkPatchMode(vm: Resource, context: RuleContext<PatchModeMessageId, z.infer<typeof options>>): CheckOutcome | void {
  const orchestration = patchOrchestration(context.graph, vm);
  if (isUnknown(orchestration)) return context.unknown(orchestration.reason);
  const { family: os, modePointer } = orchestration;
  const asOf = parseDate(context.options.asOf) as number;
  if (orchestration.automaticByPlatform) {
    const userSchedules = orchestration.customerManagedSchedules;
    if (isUnknown(userSchedules)) return context.unknown(userSchedules.reason);
    if (!userSchedules) {
      // The platform patches, with its availability-first safety checks, except a VM created from
      // a custom image.
      const image = customImageFinding(vm);
      if (isUnknown(image)) return context.unknown(image.reason);
      if (image) context.report('customImage', { name: vm.name, os, ...image.data }, image.target);
      return;
    }
    // Customer Managed Schedules: the platform no longer patches the VM; only a schedule does.
    if (isScaleSet(vm)) return context.notApplicable(FLEXIBLE_ON_SCHEDULES);
    const schedules = inGuestPatchSchedules(context.graph, vm, asOf);
    if (schedules.found.length > 0) return;
    if (schedules.unknown) return context.unknown(schedules.unknown.reason);
    const expired = schedules.expired[0];
    if (expired) {
      const { data, target } = expiredScheduleFinding(expired);
      context.report('scheduleExpired', { name: vm.name, os, ...data }, target);
      return;
    }
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
  const schedule = inGuestPatchSchedules(context.graph, vm, asOf).found[0];
  if (schedule) context.report('scheduleNotPrepared', { name: vm.name, os, patchMode, configuration: schedule.name }, { at: modePointer });
  else context.report('notAutomatic', { name: vm.name, os, patchMode }, { at: modePointer });
}

type UpgradeFinding = {
  readonly messageId: 'uniformWithoutUpgrade' | 'pinnedImageVersion' | 'managedImage';
  readonly data: Record<string, string>;
  readonly at: string;
};

/**
 * Whether automatic OS image upgrades keep a scale set's instances on the latest image: turned on
 * (`upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade`) for an image that gets new
 * versions. They need a marketplace image with version `latest` or an Azure Compute Gallery image;
 * a managed image (`Microsoft.Compute/images`) or a pinned marketplace version is never upgraded
 * (learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-automatic-upgrade).
 * Otherwise the finding that says why not.
 */
function automaticOSUpgrade(scaleSet: Resource): true | UpgradeFinding | Unknown {
  const enabled = at(scaleSet, 'properties', 'upgradePolicy', 'automaticOSUpgradePolicy', 'enableAutomaticOSUpgrade');
  const on = asBoolean(enabled.value);
  if (isUnknown(on)) return on;
  if (on !== true) return { messageId: 'uniformWithoutUpgrade', data: {}, at: enabled.pointer };
  const image = customImage(scaleSet);
  if (isUnknown(image)) return image;
  if (image !== undefined) {
    const id = String(image.value);
    return /\/providers\/microsoft\.compute\/images\/[^/]+\/?$/i.test(id) ? { messageId: 'managedImage', data: { image: id }, at: image.pointer } : true;
  }
  const reference = profileAt(scaleSet, 'storageProfile', 'imageReference');
  const version = lookup(reference.value, ['version'], reference.pointer);
  if (isUnknown(version.value)) return version.value;
  if (typeof version.value === 'string' && !/^latest$/i.test(version.value))
    return { messageId: 'pinnedImageVersion', data: { version: version.value }, at: version.pointer };
  return true;
}
