import { z } from 'zod';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { isObject } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { readSection } from '../../shared/entra.js';

/** The "Password Rule Settings" directory setting template. */
const PASSWORD_RULE_SETTINGS = '5cf42378-d67d-4f36-ba46-e8b86229381d';

export default defineRule({
  id: 'AZV-IAM-009',
  name: 'password-protection',
  pillar: 'IAM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Password protection (banned passwords), smart lockout and password-expiry policy configured',
    ja: 'パスワード保護（禁止パスワード）、スマートロックアウト、パスワード有効期限ポリシーの設定',
  },
  fix: {
    en: 'In Entra ID > Authentication methods > Password protection, enforce a custom banned-password list, keep the lockout threshold at 10 or less and the lockout duration at 60 seconds or more.',
    ja: 'Entra ID > 認証方法 > パスワード保護で、カスタム禁止パスワード一覧を適用し、ロックアウトのしきい値を 10 以下、ロックアウト期間を 60 秒以上にします。',
  },
  messages: {
    noBannedList: {
      en: 'No custom banned-password list is enforced (EnableBannedPasswordCheck {{enabled}}, {{entries}} entries).',
      ja: 'カスタム禁止パスワード一覧が適用されていません（EnableBannedPasswordCheck {{enabled}}、{{entries}} 件）。',
    },
    lockoutThreshold: {
      en: 'Smart lockout allows {{threshold}} failed sign-ins before locking, more than {{maximum}}.',
      ja: 'スマートロックアウトはロックまでに {{threshold}} 回のサインイン失敗を許可しており、{{maximum}} 回を超えています。',
    },
    lockoutDuration: {
      en: 'Smart lockout locks accounts for {{seconds}} seconds, less than {{minimum}}.',
      ja: 'スマートロックアウトのロック期間は {{seconds}} 秒で、{{minimum}} 秒に足りません。',
    },
    onPremisesAudit: {
      en: 'Password protection for Windows Server Active Directory is {{mode}}: enforce it on premises too.',
      ja: 'Windows Server Active Directory のパスワード保護は {{mode}} です。オンプレミスでも適用（Enforce）してください。',
    },
  },
  phrases: ['mode'],
  mappings: {
    'mcsb-v1': ['IM-1', 'IM-6'],
    'cis-azure-5.0.0': ['5.6', '5.7', '5.8'],
  },
  options: z
    .object({
      maxLockoutThreshold: z.number().int().min(1).default(10),
      minLockoutDurationSeconds: z.number().int().min(1).default(60),
      /** Hybrid tenants: require banned-password enforcement on premises (Enforce mode). */
      requireOnPremises: z.boolean().default(false),
    })
    .strict(),
  check(tenant, context) {
    const section = readSection(tenant, 'directorySettings');
    if ('missing' in section) return context.notAssessed(section.missing);
    const settings = Array.isArray(section.value) ? section.value : [];
    const index = settings.findIndex((s) => isObject(s) && typeof s['templateId'] === 'string' && s['templateId'].toLowerCase() === PASSWORD_RULE_SETTINGS);
    // Without the settings object the defaults apply: no custom list, threshold 10, 60 seconds.
    const values = new Map<string, string>();
    const setting = settings[index];
    if (isObject(setting) && Array.isArray(setting['values'])) {
      for (const entry of setting['values']) {
        if (isObject(entry) && typeof entry['name'] === 'string' && typeof entry['value'] === 'string') values.set(entry['name'].toLowerCase(), entry['value']);
      }
    }
    const at = index >= 0 ? `/properties/directorySettings/${index}/values` : '/properties/directorySettings';
    const enabled = values.get('enablebannedpasswordcheck') ?? 'False';
    const entries = (values.get('bannedpasswordlist') ?? '').split(/[\t,\n]/).filter((word) => word.trim() !== '').length;
    if (enabled.toLowerCase() !== 'true' || entries === 0) context.report('noBannedList', { enabled, entries }, { at });
    const threshold = Number(values.get('lockoutthreshold') ?? '10');
    if (threshold > context.options.maxLockoutThreshold)
      context.report('lockoutThreshold', { threshold, maximum: context.options.maxLockoutThreshold }, { at });
    const seconds = Number(values.get('lockoutdurationinseconds') ?? '60');
    if (seconds < context.options.minLockoutDurationSeconds)
      context.report('lockoutDuration', { seconds, minimum: context.options.minLockoutDurationSeconds }, { at });
    if (context.options.requireOnPremises) {
      const onPrem = values.get('enablebannedpasswordcheckonpremises') ?? 'False';
      const mode = values.get('bannedpasswordcheckonpremisesmode') ?? 'Audit';
      if (onPrem.toLowerCase() !== 'true' || mode.toLowerCase() !== 'enforce') {
        context.report('onPremisesAudit', { mode: onPrem.toLowerCase() === 'true' ? mode : 'off' }, { at });
      }
    }
  },
});
