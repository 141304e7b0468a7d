import { z } from 'zod';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { extensionRowsUnread, isExtension, VM_TYPES, vmExtensions, withoutVmModel } from '../../shared/compute.js';
import { asOfOption, parseDate } from '../../shared/dates.js';

/** The Log Analytics agent (MMA/OMS) retirement (Azure Monitor agent migration). */
export const MMA_RETIREMENT = '2024-08-31';

const LEGACY_PUBLISHERS = ['Microsoft.EnterpriseCloud.Monitoring'];
const LEGACY_TYPES = ['MicrosoftMonitoringAgent', 'OmsAgentForLinux'];

export default defineRule({
  id: 'AZV-VM-016',
  name: 'approved-extensions',
  pillar: 'VM',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Only approved VM extensions; legacy Log Analytics agent (MMA/OMS) removed',
    ja: '承認済み VM 拡張機能のみ、レガシー Log Analytics エージェント（MMA/OMS）は削除済み',
  },
  fix: {
    en: 'Remove the MicrosoftMonitoringAgent / OmsAgentForLinux extension (migrate to Azure Monitor Agent) and any extension outside the allow-list.',
    ja: 'MicrosoftMonitoringAgent／OmsAgentForLinux 拡張機能を削除し（Azure Monitor エージェントに移行）、許可リスト外の拡張機能も削除します。',
  },
  messages: {
    legacyAgent: {
      en: '{{machine}} "{{name}}" still runs the legacy Log Analytics agent "{{extension}}" ({{type}}), retired on {{retirement}}: it gets no security fixes.',
      ja: '{{machine}} "{{name}}" は {{retirement}} に廃止されたレガシー Log Analytics エージェント "{{extension}}"（{{type}}）をまだ実行しており、セキュリティ修正が提供されません。',
    },
    notApproved: {
      en: '{{machine}} "{{name}}" has extension "{{extension}}" ({{publisher}}/{{type}}), which is not in the approved list.',
      ja: '{{machine}} "{{name}}" の拡張機能 "{{extension}}"（{{publisher}}/{{type}}）は承認済みリストにありません。',
    },
  },
  mappings: {
    'mcsb-v1': ['AM-5'],
    'cis-azure-3.0.0': ['8.7'],
    'azure-policy': ['c0e996f8-39cf-4af9-9f45-83fbde810432', 'd2185817-5b7e-473c-aadd-9de6ac114280'],
    peers: ['checkov CKV_AZURE_50', 'PSRule Azure.VM.MigrateAMA'],
  },
  options: z
    .object({
      asOf: asOfOption,
      /** Approved extensions as "Publisher/Type" (case-insensitive); when absent, only legacy agents are flagged. */
      approved: z.array(z.string().regex(/^[^/]+\/[^/]+$/)).optional(),
    })
    .strict(),
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const extensions = vmExtensions(context.graph, vm);
    if (isUnknown(extensions)) return context.unknown(extensions.reason);
    const retired = (parseDate(context.options.asOf) as number) >= (parseDate(MMA_RETIREMENT) as number);
    const approved = context.options.approved?.map((entry) => entry.toLowerCase());
    let unknownReason: string | undefined;
    for (const extension of extensions) {
      const { publisher, type } = extension;
      const target = { resource: extension.resource, at: extension.pointer };
      if (isUnknown(publisher)) {
        unknownReason ??= publisher.reason;
        continue;
      }
      if (isUnknown(type)) {
        unknownReason ??= type.reason;
        continue;
      }
      if (retired && isExtension(extension, LEGACY_PUBLISHERS, LEGACY_TYPES)) {
        context.report('legacyAgent', { name: vm.name, extension: extension.name, type: type ?? '', retirement: MMA_RETIREMENT }, target);
        continue;
      }
      if (approved && !approved.includes(`${publisher ?? ''}/${type ?? ''}`.toLowerCase())) {
        context.report('notApproved', { name: vm.name, extension: extension.name, publisher: publisher ?? '(none)', type: type ?? '(none)' }, target);
      }
    }
    // Extensions the input does not hold (their rows not read) may be legacy or unapproved ones, as one not known may.
    unknownReason ??= extensionRowsUnread(context.graph, vm);
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});
