import { z } from 'zod';
import { at } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-VM-014',
  name: 'disk-network-access',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Compute/disks', 'Microsoft.Compute/snapshots'],
  title: {
    en: 'Managed disks block public network access for import/export (and require Entra auth for SAS)',
    ja: 'マネージドディスクのインポート／エクスポートでパブリックネットワークアクセスを遮断（SAS に Entra 認証を要求）',
  },
  fix: {
    en: 'Set networkAccessPolicy to DenyAll (or AllowPrivate with a disk access resource), publicNetworkAccess to Disabled and dataAccessAuthMode to AzureActiveDirectory.',
    ja: 'networkAccessPolicy を DenyAll（またはディスクアクセスリソースを使った AllowPrivate）、publicNetworkAccess を Disabled、dataAccessAuthMode を AzureActiveDirectory にします。',
  },
  messages: {
    publicExport: {
      en: '"{{name}}" can be exported or imported from any network (networkAccessPolicy {{policy}}, publicNetworkAccess {{publicAccess}}): a SAS URL downloads the whole disk.',
      ja: '"{{name}}" は任意のネットワークからエクスポート／インポートできます（networkAccessPolicy {{policy}}、publicNetworkAccess {{publicAccess}}）。SAS URL でディスク全体をダウンロードできます。',
    },
    sasWithoutEntra: {
      en: '"{{name}}" issues export SAS URLs without Microsoft Entra authentication (dataAccessAuthMode {{mode}}).',
      ja: '"{{name}}" は Microsoft Entra 認証なしでエクスポート用 SAS URL を発行します（dataAccessAuthMode {{mode}}）。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-2'],
    'cis-azure-3.0.0': ['8.5', '8.6'],
    'azure-policy': ['8405fdab-1faf-48aa-b702-999c9c172094', 'c3921d55-b741-4d16-8d56-7f16e99e6892', 'f39f5f49-4abf-44de-8c70-0756997bfb51'],
    peers: ['checkov CKV_AZURE_251'],
  },
  options: z
    .object({
      /** Also fail disks whose export SAS does not require Microsoft Entra authentication. */
      requireEntraDataAccess: z.boolean().default(false),
    })
    .strict(),
  check(disk, context) {
    const policy = at(disk, 'properties', 'networkAccessPolicy');
    const publicAccess = at(disk, 'properties', 'publicNetworkAccess');
    if (isUnknown(policy.value)) return context.unknown(policy.value.reason);
    if (isUnknown(publicAccess.value)) return context.unknown(publicAccess.value.reason);
    // Azure defaults: networkAccessPolicy AllowAll, publicNetworkAccess Enabled.
    const policyValue = typeof policy.value === 'string' ? policy.value : 'AllowAll';
    const publicValue = typeof publicAccess.value === 'string' ? publicAccess.value : 'Enabled';
    if (/^allowall$/i.test(policyValue) && !/^disabled$/i.test(publicValue)) {
      context.report('publicExport', { name: disk.name, policy: policyValue, publicAccess: publicValue }, { at: policy.pointer });
    }
    if (context.options.requireEntraDataAccess) {
      const mode = at(disk, 'properties', 'dataAccessAuthMode');
      if (isUnknown(mode.value)) return context.unknown(mode.value.reason);
      if (!(typeof mode.value === 'string' && /^azureactivedirectory$/i.test(mode.value))) {
        context.report('sasWithoutEntra', { name: disk.name, mode: typeof mode.value === 'string' ? mode.value : 'None' }, { at: mode.pointer });
      }
    }
  },
});
