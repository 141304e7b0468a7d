import { z } from 'zod';
import { get, type Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { MACHINE_TYPES } from '../../shared/defender-plans.js';
import { coveredBySubscription, evidence, holdsResources, isSubscription, SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

export default defineRule({
  id: 'AZV-MON-002',
  name: 'defender-endpoint-integration',
  pillar: 'MON',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, 'Microsoft.Security/settings'],
  title: {
    en: 'Defender for Endpoint integration enabled in Defender for Cloud (WDATP settings, Linux included, unified solution)',
    ja: 'Defender for Cloud で Defender for Endpoint 連携が有効（WDATP 設定、Linux を含む、統合ソリューション）',
  },
  fix: {
    en: 'Enable the WDATP setting, set WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW to false and WDATP_UNIFIED_SOLUTION to true (Defender for Cloud > Environment settings > (subscription) > Defender plans > Servers > Settings > Endpoint protection: On).',
    ja: 'WDATP 設定を有効にし、WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW を false、WDATP_UNIFIED_SOLUTION を true にします（Defender for Cloud > 環境設定 > (サブスクリプション) > Defender プラン > サーバー > 設定 > エンドポイント保護: オン）。',
  },
  messages: {
    wdatpOff: {
      en: 'The Defender for Endpoint integration (WDATP) is off in subscription {{subscription}}: VMs are not onboarded to Defender for Endpoint automatically.',
      ja: 'サブスクリプション {{subscription}} で Defender for Endpoint 連携（WDATP）が無効で、VM が Defender for Endpoint に自動オンボードされません。',
    },
    linuxExcluded: {
      en: 'The Defender for Endpoint integration excludes Linux VMs in subscription {{subscription}} (WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW is on).',
      ja: 'サブスクリプション {{subscription}} の Defender for Endpoint 連携は Linux VM を除外しています（WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW が有効）。',
    },
    unifiedOff: {
      en: 'The unified Defender for Endpoint solution (WDATP_UNIFIED_SOLUTION) is off in subscription {{subscription}}.',
      ja: 'サブスクリプション {{subscription}} で統合 Defender for Endpoint ソリューション（WDATP_UNIFIED_SOLUTION）が無効です。',
    },
  },
  mappings: {
    'mcsb-v1': ['ES-1', 'ES-2'],
    'cis-azure-5.0.0': ['8.1.3.3'],
    peers: ['prowler defender_ensure_wdatp_is_enabled'],
  },
  options: z.object({ requireUnifiedSolution: z.boolean().default(true) }).strict(),
  check(resource, context) {
    let settings: Resource[];
    if (isSubscription(resource)) {
      const machines = holdsResources(context.graph, resource, MACHINE_TYPES);
      if (machines !== true) return machines ? context.notAssessed(machines.unknown) : context.notApplicable('the subscription has no virtual machines');
      const rows = evidence(context.graph, resource, 'Microsoft.Security/settings', 'Microsoft.Security/settings');
      if ('missing' in rows) return context.notAssessed(rows.missing);
      if (rows.length === 0)
        return context.notAssessed(`the input has no Defender for Cloud settings (Microsoft.Security/settings) for subscription ${resource.name}`);
      settings = rows;
    } else {
      if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
      if (!/^(wdatp|wdatp_exclude_linux_public_preview|wdatp_unified_solution)$/i.test(resource.name))
        return context.notApplicable('another Defender for Cloud setting');
      settings = [resource];
    }
    const subscription = resource.id.split('/')[2] ?? resource.name;
    const pending = settings.map((s) => get(s, 'properties', 'enabled')).find(isUnknown);
    if (pending) return context.unknown(pending.reason);
    const setting = (name: string): { enabled: boolean | undefined; at: Resource } | undefined => {
      const found = settings.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (!found) return undefined;
      const enabled = get(found, 'properties', 'enabled');
      return { enabled: typeof enabled === 'boolean' ? enabled : undefined, at: found };
    };
    const wdatp = setting('WDATP');
    const linux = setting('WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW');
    const unified = setting('WDATP_UNIFIED_SOLUTION');
    // On a subscription a missing setting is off; a template speaks only for the settings it declares.
    const off = (s: { enabled: boolean | undefined } | undefined): boolean =>
      isSubscription(resource) ? s?.enabled !== true : s !== undefined && s.enabled !== true;
    if (off(wdatp)) context.report('wdatpOff', { subscription }, wdatp ? { resource: wdatp.at, at: '/properties/enabled' } : {});
    if (linux?.enabled === true) context.report('linuxExcluded', { subscription }, { resource: linux.at, at: '/properties/enabled' });
    if (context.options.requireUnifiedSolution && off(unified)) {
      context.report('unifiedOff', { subscription }, unified ? { resource: unified.at, at: '/properties/enabled' } : {});
    }
  },
});
