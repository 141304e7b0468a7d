import { z } from 'zod';
import { get, type Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isScaleSet } from '../../shared/compute.js';
import { asOfOption, parseDate } from '../../shared/dates.js';
import { protectedItemsOf } from '../../shared/recovery.js';

const STOPPED = /^(protectionstopped|protectionpaused|backupssuspended|protectionerror|softdeleted|configuringprotectionfailed)$/i;
/** A backup that made a recovery point: Completed, or CompletedWithWarnings (a file-system-consistent point where an application-consistent one failed, for instance). */
const COMPLETED = /^completed(withwarnings)?$/i;

export default defineRule({
  id: 'AZV-REC-001',
  name: 'vm-backup',
  pillar: 'REC',
  severity: 'critical',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'],
  title: {
    en: 'Every VM is protected by Azure Backup with recent successful backups',
    ja: '全 VM が Azure Backup で保護され、直近のバックアップが成功している',
  },
  fix: {
    en: 'Protect the VM in a Recovery Services vault (protectedItems with sourceResourceId = the VM) and fix failing backup jobs.',
    ja: 'Recovery Services コンテナーで VM を保護し（sourceResourceId が VM の protectedItems）、失敗しているバックアップジョブを修正します。',
  },
  messages: {
    notProtected: {
      en: '{{machine}} "{{name}}" is not protected by Azure Backup: no Recovery Services protected item points at it.',
      ja: '{{machine}} "{{name}}" は Azure Backup で保護されていません。この VM を指す Recovery Services の保護項目がありません。',
    },
    stopped: {
      en: 'Backup of {{machine}} "{{name}}" in "{{item}}" is in state {{state}}: no new recovery points are made.',
      ja: '"{{item}}" における {{machine}} "{{name}}" のバックアップの状態は {{state}} で、新しい回復ポイントが作成されません。',
    },
    lastBackupFailed: {
      en: 'The last backup of {{machine}} "{{name}}" ended {{status}}.',
      ja: '{{machine}} "{{name}}" の最後のバックアップは {{status}} で終了しました。',
    },
    stale: {
      en: 'The last backup of {{machine}} "{{name}}" is older than {{hours}} hours at {{asOf}}.',
      ja: '{{machine}} "{{name}}" の最後のバックアップは {{asOf}} の時点で {{hours}} 時間より古くなっています。',
    },
  },
  mappings: {
    'mcsb-v1': ['BR-1', 'BR-2'],
    'azure-policy': ['013e242c-8828-4970-87b3-ab247555486d', '0015ea4d-51ff-4ce3-8d8c-f3f8f0179a56'],
    peers: ['checkov CKV2_AZURE_12', 'prowler vm_backup_enabled', 'prowler recovery_vault_has_protected_items'],
  },
  options: z
    .object({
      asOf: asOfOption,
      /** The newest successful backup may be at most this old (twice a daily schedule by default). */
      maxBackupAgeHours: z.number().int().min(1).default(48),
    })
    .strict(),
  check(vm, context) {
    if (isScaleSet(vm)) return context.notApplicable('Azure Backup protects VMs, not scale sets: Flexible scale set instances are protected as VMs');
    const { items, unknown } = protectedItemsOf(context.graph, vm);
    if (items.length === 0) {
      if (unknown) return context.unknown(unknown.reason);
      context.report('notProtected', { name: vm.name }, { at: '' });
      return;
    }
    const healthy: Resource[] = [];
    for (const item of items) {
      // The REST API names the state protectionState; Resource Graph's RecoveryServicesResources rows, currentProtectionState.
      const field = get(item, 'properties', 'protectionState') === undefined ? 'currentProtectionState' : 'protectionState';
      const state = get(item, 'properties', field);
      if (isUnknown(state)) return context.unknown(state.reason);
      if (typeof state === 'string' && STOPPED.test(state)) {
        context.report('stopped', { name: vm.name, item: item.name, state }, { resource: item, at: `/properties/${field}` });
      } else healthy.push(item);
    }
    if (healthy.length === 0) return;
    // Backup job results exist only in deployed state (a live scan or a snapshot).
    const observed = healthy.filter(
      (item) => typeof get(item, 'properties', 'lastBackupTime') === 'string' || typeof get(item, 'properties', 'lastBackupStatus') === 'string',
    );
    if (observed.length === 0) {
      return context.unknown('backup is configured; whether recent backups succeeded is runtime state that only a live scan or a snapshot shows');
    }
    const asOf = parseDate(context.options.asOf) as number;
    const limit = asOf - context.options.maxBackupAgeHours * 60 * 60 * 1000;
    const good = observed.some((item) => {
      const status = get(item, 'properties', 'lastBackupStatus');
      const time = get(item, 'properties', 'lastBackupTime');
      const when = typeof time === 'string' ? parseDate(time) : undefined;
      return typeof status === 'string' && COMPLETED.test(status) && when !== undefined && when >= limit;
    });
    if (good) return;
    const item = observed[0] as Resource;
    const status = get(item, 'properties', 'lastBackupStatus');
    if (typeof status === 'string' && !COMPLETED.test(status)) {
      context.report('lastBackupFailed', { name: vm.name, status }, { resource: item, at: '/properties/lastBackupStatus' });
    } else {
      context.report(
        'stale',
        { name: vm.name, hours: context.options.maxBackupAgeHours, asOf: context.options.asOf },
        { resource: item, at: '/properties/lastBackupTime' },
      );
    }
  },
});
