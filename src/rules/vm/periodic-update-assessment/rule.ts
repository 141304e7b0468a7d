import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isScaleSet, osConfigurationPath, profile, profileAt, VM_TYPES } from '../../shared/compute.js';
import { NOT_FOR_SCALE_SETS } from '../../shared/maintenance.js';

export default defineRule({
  id: 'AZV-VM-010',
  name: 'periodic-update-assessment',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Periodic update assessment enabled (assessmentMode AutomaticByPlatform)',
    ja: '定期的な更新評価が有効（assessmentMode = AutomaticByPlatform）',
  },
  fix: {
    en: 'Set osProfile.windowsConfiguration / linuxConfiguration patchSettings.assessmentMode to AutomaticByPlatform.',
    ja: 'osProfile.windowsConfiguration／linuxConfiguration の patchSettings.assessmentMode を AutomaticByPlatform にします。',
  },
  messages: {
    notPeriodic: {
      en: '{{os}} {{machine}} "{{name}}" uses update assessment mode {{assessmentMode}}: missing updates are not assessed every 24 hours.',
      ja: '{{os}} {{machine}} "{{name}}" の更新評価モードは {{assessmentMode}} で、不足している更新が 24 時間ごとに評価されません。',
    },
  },
  mappings: {
    'mcsb-v1': ['PV-6'],
    'cis-azure-5.0.0': ['8.1.10'],
    'azure-policy': ['bd876905-5b84-4f73-ab2d-2e7a7c4568d9'],
    peers: ['prowler defender_ensure_system_updates_are_applied'],
  },
  check(vm, context) {
    // Update Manager assesses VMs, not scale sets (AZV-VM-011 says the same).
    if (isScaleSet(vm)) return context.notApplicable(NOT_FOR_SCALE_SETS);
    const osProfile = profile(vm, 'osProfile');
    if (isUnknown(osProfile)) return context.unknown(osProfile.reason);
    if (osProfile === undefined || osProfile === null)
      return context.notApplicable('the VM boots from an attached OS disk and has no OS profile to set assessment on');
    const configuration = osConfigurationPath(context.graph, vm);
    if (isUnknown(configuration)) return context.unknown(configuration.reason);
    const mode = profileAt(vm, ...configuration.path, 'patchSettings', 'assessmentMode');
    if (isUnknown(mode.value)) return context.unknown(mode.value.reason);
    if (typeof mode.value === 'string' && /^automaticbyplatform$/i.test(mode.value)) return;
    const assessmentMode = typeof mode.value === 'string' ? mode.value : 'ImageDefault';
    context.report('notPeriodic', { name: vm.name, os: configuration.family, assessmentMode }, { at: mode.pointer });
  },
});
