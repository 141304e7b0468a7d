import { z } from 'zod';
import { at, get, type Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isReadFromAzure, isScaleSet } from '../../shared/compute.js';
import { unreadTable } from '../../shared/subscription.js';
import { asOfOption, DAY_MS, parseDate } from '../../shared/dates.js';

const RESULT_TYPE = 'Microsoft.Compute/virtualMachines/patchAssessmentResults';
const PATCH_TYPE = 'Microsoft.Compute/virtualMachines/patchAssessmentResults/softwarePatches';

export default defineRule({
  id: 'AZV-VM-012',
  name: 'patch-compliance',
  pillar: 'VM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'],
  title: {
    en: 'No overdue Critical/Security updates on VMs (runtime patch compliance)',
    ja: 'VM に期限超過の重要／セキュリティ更新プログラムがない（実行時のパッチ準拠状況）',
  },
  fix: {
    en: 'Install the missing Critical and Security updates (Update Manager one-time update or schedule), then reassess.',
    ja: '不足している Critical と Security の更新をインストールし（Update Manager の 1 回限りの更新またはスケジュール）、再評価します。',
  },
  messages: {
    overdue: {
      en: '{{machine}} "{{name}}" misses {{count}} Critical/Security updates published more than {{sla}} days before {{asOf}}.',
      ja: '{{machine}} "{{name}}" には {{asOf}} 時点で公開から {{sla}} 日を超えている Critical／Security 更新が {{count}} 件適用されていません。',
    },
    missing: {
      en: '{{machine}} "{{name}}" misses {{critical}} Critical and {{security}} Security updates (latest assessment).',
      ja: '{{machine}} "{{name}}" には Critical の更新が {{critical}} 件、Security の更新が {{security}} 件適用されていません（最新の評価）。',
    },
  },
  mappings: {
    'mcsb-v1': ['PV-6'],
    'cis-azure-3.0.0': ['3.1.10'],
    'azure-policy': ['f85bf3e0-d513-442e-89c3-1784ad63382b'],
    'defender-for-cloud': ['e1145ab1-eb4f-43d8-911b-36ddf771d13f'],
    peers: ['prowler defender_ensure_system_updates_are_applied'],
  },
  options: z
    .object({
      asOf: asOfOption,
      /** Days a Critical/Security update may stay uninstalled after it is published. */
      slaDays: z.number().int().min(0).default(14),
      /** An assessment older than this many days proves nothing. */
      maxAssessmentAgeDays: z.number().int().min(1).default(7),
    })
    .strict(),
  check(vm, context) {
    if (isScaleSet(vm)) return context.notApplicable('patch assessment results are kept per VM: Flexible scale set instances are assessed as VMs');
    const results = context.graph.children(vm, RESULT_TYPE);
    if (results.length === 0) {
      const unread = unreadTable(context.graph, vm, 'patchassessmentresources');
      if (unread) return context.unknown(unread);
      // Read from Azure, a VM without a result has never been assessed: nothing says what it lacks.
      if (isReadFromAzure(vm))
        return context.unknown(
          'Resource Graph holds no patch assessment result for the VM: it has not been assessed (periodic assessment off, AZV-VM-010; the VM stopped; or no VM agent)',
        );
      return context.unknown('patch compliance is runtime state: only a live scan or a snapshot (Resource Graph patchassessmentresources) shows it');
    }
    const result = latest(results);
    const asOf = parseDate(context.options.asOf) as number;
    const status = get(result, 'properties', 'status');
    if (isUnknown(status)) return context.unknown(status.reason);
    if (typeof status === 'string' && !/^(succeeded|completedwithwarnings)$/i.test(status)) {
      return context.unknown(`the latest patch assessment of "${vm.name}" did not complete (status ${status})`);
    }
    const patches = context.graph.children(result, PATCH_TYPE);
    if (patches.length > 0) {
      const deadline = asOf - context.options.slaDays * DAY_MS;
      let overdue = 0;
      // Critical/Security updates without a (readable) publish date: how long they have been out is not known.
      let undated = 0;
      // Why an update that may be a Critical/Security one, or may be overdue, cannot be read.
      let unread: string | undefined;
      for (const patch of patches) {
        const classes = get(patch, 'properties', 'classifications');
        if (isUnknown(classes)) {
          unread ??= classes.reason;
          continue;
        }
        const list = Array.isArray(classes) ? classes : [];
        if (!list.some((c) => typeof c === 'string' && /^(critical|security)$/i.test(c))) {
          // A classification not known may be Critical or Security.
          unread ??= list.find(isUnknown)?.reason;
          continue;
        }
        const published = get(patch, 'properties', 'publishedDateTime');
        if (isUnknown(published)) {
          unread ??= published.reason;
          continue;
        }
        const time = typeof published === 'string' ? parseDate(published) : undefined;
        if (time === undefined) undated++;
        else if (time < deadline) overdue++;
      }
      if (overdue > 0) {
        context.report(
          'overdue',
          { name: vm.name, count: overdue, sla: context.options.slaDays, asOf: context.options.asOf },
          { resource: result, at: '/properties' },
        );
        return;
      }
      if (unread !== undefined) return context.unknown(unread);
      if (undated > 0)
        return context.unknown(
          `${undated} Critical/Security update(s) missing on "${vm.name}" have no publish date (publishedDateTime): whether they are more than ${context.options.slaDays} days old is not known`,
        );
    } else {
      const counts = at(result, 'properties', 'availablePatchCountByClassification');
      if (isUnknown(counts.value)) return context.unknown(counts.value.reason);
      const critical = count(get(result, 'properties', 'availablePatchCountByClassification', 'critical'));
      const security = count(get(result, 'properties', 'availablePatchCountByClassification', 'security'));
      if (critical + security > 0) {
        context.report('missing', { name: vm.name, critical, security }, { resource: result, at: counts.pointer });
        return;
      }
    }
    const modified = get(result, 'properties', 'lastModifiedDateTime');
    const time = typeof modified === 'string' ? parseDate(modified) : undefined;
    if (time === undefined || time < asOf - context.options.maxAssessmentAgeDays * DAY_MS) {
      return context.unknown(
        `the latest patch assessment of "${vm.name}" is older than ${context.options.maxAssessmentAgeDays} days (or undated): it proves nothing now`,
      );
    }
  },
});

function latest(results: readonly Resource[]): Resource {
  const time = (r: Resource): number => {
    const value = get(r, 'properties', 'lastModifiedDateTime');
    return (typeof value === 'string' ? parseDate(value) : undefined) ?? 0;
  };
  return [...results].sort((a, b) => time(b) - time(a))[0] as Resource;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
