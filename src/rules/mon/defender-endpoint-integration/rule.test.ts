import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { armError, securitySetting, SUB, vm } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const settings = (wdatp: boolean, excludeLinux: boolean, unified: boolean): object[] => [
  securitySetting('MCAS', true),
  securitySetting('WDATP', wdatp),
  securitySetting('WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW', excludeLinux),
  securitySetting('WDATP_UNIFIED_SOLUTION', unified),
  securitySetting('Sentinel', false),
];
const setting = (name: string, enabled: unknown): object =>
  armTemplate([{ type: 'Microsoft.Security/settings', apiVersion: '2022-05-01', name, kind: 'DataExportSettings', properties: { enabled } }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'WDATP on, Linux included, unified', resource: SUB, snapshot: { resources: [...vm('vm-app-01'), ...settings(true, false, true)] } },
    { name: 'template: WDATP on', template: setting('WDATP', true) },
  ],
  invalid: [
    {
      name: 'WDATP off',
      snapshot: { resources: [...vm('vm-app-01'), ...settings(false, false, true)] },
      findings: [{ messageId: 'wdatpOff', resource: 'WDATP', at: '/properties/enabled' }],
    },
    {
      name: 'Linux excluded',
      snapshot: { resources: [...vm('vm-app-01'), ...settings(true, true, true)] },
      findings: [{ messageId: 'linuxExcluded', resource: 'WDATP_EXCLUDE_LINUX_PUBLIC_PREVIEW' }],
    },
    { name: 'template: WDATP off', template: setting('WDATP', false), findings: [{ messageId: 'wdatpOff' }] },
  ],
  unknown: [{ name: 'template: enabled from a parameter', template: setting('WDATP', "[parameters('mde')]"), reason: /mde/ }],
  notAssessed: [
    {
      name: 'settings unreadable',
      snapshot: { resources: vm('vm-app-01'), errors: [armError('Microsoft.Security/settings', 'Security Reader')] },
      reason: /Security Reader/,
    },
  ],
  notApplicable: [
    { name: 'no VMs', snapshot: { resources: settings(false, false, false) } },
    { name: 'template: another setting', template: setting('MCAS', false) },
  ],
});

describe('the fix text', () => {
  // The Integrations page was replaced by the Endpoint protection component of the Servers plan; the docs say so.
  it.each([
    ['en', 'Environment settings > (subscription) > Defender plans > Servers > Settings > Endpoint protection: On'],
    ['ja', '環境設定 > (サブスクリプション) > Defender プラン > サーバー > 設定 > エンドポイント保護: オン'],
  ] as const)('%s names the page the docs name, not the retired Integrations page', (locale, path) => {
    const docs = readFileSync(new URL(`docs.${locale}.md`, import.meta.url), 'utf8');
    expect(rule.fix[locale]).toContain(path);
    expect(rule.fix[locale]).not.toMatch(/Integrations|> 統合/);
    expect(docs).toContain(locale === 'en' ? 'Endpoint protection: On' : 'エンドポイント保護: オン');
    expect(docs).not.toMatch(/Environment settings > Integrations|環境設定 > 統合/);
  });
});
