import { z } from 'zod';
import { at } from '../../../model/resource.js';
import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isExtension, profileAt, unreadableExtension, VM_TYPES, vmExtensions, withoutVmModel } from '../../shared/compute.js';
import { asOfOption, DAY_MS, daysBetween, parseDate } from '../../shared/dates.js';

/** Azure Disk Encryption retirement: after this date ADE-encrypted disks fail to unlock on reboot (catalog §6). */
export const ADE_RETIREMENT = '2028-09-15';

const ADE_PUBLISHERS = ['Microsoft.Azure.Security'];
const ADE_TYPES = ['AzureDiskEncryption', 'AzureDiskEncryptionForLinux'];

export default defineRule({
  id: 'AZV-VM-005',
  name: 'azure-disk-encryption-retirement',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [...VM_TYPES, 'Microsoft.Compute/disks'],
  title: {
    en: 'Azure Disk Encryption (legacy) identified and scheduled for migration before retirement (15 Sep 2028)',
    ja: 'レガシーの Azure Disk Encryption (ADE) を特定し、廃止日（2028 年 9 月 15 日）前の移行計画がある',
  },
  fix: {
    en: "Before 15 Sep 2028, move the VM's data to new disks on a new VM with encryption at host (or confidential OS disk encryption), as Microsoft's ADE migration guide describes: ADE disks cannot be converted in place.",
    ja: '2028 年 9 月 15 日より前に、Microsoft の ADE 移行ガイドに従って、VM のデータをホストでの暗号化（または機密 OS ディスク暗号化）を有効にした新しい VM の新しいディスクに移します。ADE のディスクはその場で変換できません。',
  },
  messages: {
    retiring: {
      en: '"{{name}}" still uses Azure Disk Encryption ({{evidence}}); ADE retires on {{retirement}}, {{days}} days after {{asOf}}.',
      ja: '"{{name}}" はまだ Azure Disk Encryption を使用しています（{{evidence}}）。ADE は {{asOf}} から {{days}} 日後の {{retirement}} に廃止されます。',
    },
    retired: {
      en: '"{{name}}" uses Azure Disk Encryption ({{evidence}}), retired on {{retirement}}: its disks may fail to unlock after a reboot.',
      ja: '"{{name}}" は {{retirement}} に廃止された Azure Disk Encryption を使用しています（{{evidence}}）。再起動後にディスクのロックを解除できない可能性があります。',
    },
  },
  phrases: ['evidence'],
  mappings: {
    'mcsb-v1': ['DP-4'],
    'cis-azure-3.0.0': ['8.9'],
    'azure-policy': ['2c89a2e5-7285-40fe-afe0-ae8654b92fb2'],
    peers: ['PSRule Azure.VM.ADE (opposite intent)'],
  },
  options: z
    .object({
      /** The date the verdict is computed for. */
      asOf: asOfOption,
      /** ADE becomes a failure this many days before retirement; earlier it is tolerated. */
      leadTimeDays: z.number().int().min(0).default(1095),
    })
    .strict(),
  check(resource, context) {
    const noModel = withoutVmModel(resource, context);
    if (noModel) return noModel;
    const asOf = parseDate(context.options.asOf) as number;
    const retirement = parseDate(ADE_RETIREMENT) as number;
    const evidence: { what: string; pointer: string; resource?: typeof resource }[] = [];
    let unknownReason: string | undefined;
    if (resource.type.toLowerCase() === 'microsoft.compute/disks') {
      const enabled = at(resource, 'properties', 'encryptionSettingsCollection', 'enabled');
      const value = asBoolean(enabled.value);
      if (isUnknown(value)) return context.unknown(value.reason);
      if (value === true) evidence.push({ what: 'encryptionSettingsCollection', pointer: enabled.pointer });
    } else {
      const extensions = vmExtensions(context.graph, resource);
      if (isUnknown(extensions)) return context.unknown(extensions.reason);
      for (const extension of extensions) {
        if (isExtension(extension, ADE_PUBLISHERS, ADE_TYPES))
          evidence.push({ what: `extension ${extension.name}`, pointer: extension.pointer, resource: extension.resource });
      }
      unknownReason = unreadableExtension(context.graph, resource, extensions)?.reason;
      const osSettings = profileAt(resource, 'storageProfile', 'osDisk', 'encryptionSettings', 'enabled');
      const value = asBoolean(osSettings.value);
      if (isUnknown(value)) unknownReason ??= value.reason;
      else if (value === true) evidence.push({ what: 'osDisk.encryptionSettings', pointer: osSettings.pointer });
    }
    if (evidence.length === 0) return unknownReason === undefined ? undefined : context.unknown(unknownReason);
    if (asOf < retirement - context.options.leadTimeDays * DAY_MS) return;
    for (const item of evidence) {
      const data = { name: resource.name, evidence: item.what, retirement: ADE_RETIREMENT };
      const target = { at: item.pointer, ...(item.resource ? { resource: item.resource } : {}) };
      if (asOf >= retirement) context.report('retired', data, target);
      else context.report('retiring', { ...data, days: daysBetween(asOf, retirement), asOf: context.options.asOf }, target);
    }
  },
});
