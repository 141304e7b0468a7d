import { z } from 'zod';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { isObject, isUnknown, type Unknown, type Value } from '../../../model/value.js';
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
    en: 'Password protection (custom banned-password list) and smart lockout configured',
    ja: 'パスワード保護（カスタム禁止パスワード一覧）とスマートロックアウトの設定',
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
    // A settings object whose template is not known may be the password rule settings.
    if (index < 0) {
      const unsure = settings.map((s): Value | undefined => (isObject(s) ? s['templateId'] : s)).find(isUnknown);
      if (unsure) return context.unknown(unsure.reason);
    }
    // Without the settings object the defaults apply: no custom list, threshold 10, 60 seconds.
    const values = new Map<string, string | Unknown>();
    // An entry whose name is not known may be any setting.
    let unsureName: Unknown | undefined;
    const setting = settings[index];
    const entryList = isObject(setting) ? setting['values'] : undefined;
    if (isUnknown(entryList)) return context.unknown(entryList.reason);
    for (const entry of Array.isArray(entryList) ? entryList : []) {
      const name: Value | undefined = isObject(entry) ? entry['name'] : entry;
      if (isUnknown(name)) unsureName ??= name;
      else if (isObject(entry) && typeof name === 'string' && (typeof entry['value'] === 'string' || isUnknown(entry['value'])))
        values.set(name.toLowerCase(), entry['value'] as string | Unknown);
    }
    let unknown: Unknown | undefined;
    /** A setting's value, or its default; undefined (the check left out) when it is not known. */
    const read = (name: string, fallback: string): string | undefined => {
      const value = values.get(name) ?? unsureName ?? fallback;
      if (!isUnknown(value)) return value;
      unknown ??= value;
      return undefined;
    };
    const at = index >= 0 ? `/properties/directorySettings/${index}/values` : '/properties/directorySettings';
    const enabled = read('enablebannedpasswordcheck', 'False');
    const list = read('bannedpasswordlist', '');
    const entries = list === undefined ? undefined : list.split(/[\t,\n]/).filter((word) => word.trim() !== '').length;
    if ((enabled !== undefined && enabled.toLowerCase() !== 'true') || entries === 0)
      context.report('noBannedList', { enabled: enabled ?? '?', entries: entries ?? '?' }, { at });
    const thresholdText = read('lockoutthreshold', '10');
    const threshold = thresholdText === undefined ? undefined : Number(thresholdText);
    if (threshold !== undefined && threshold > context.options.maxLockoutThreshold)
      context.report('lockoutThreshold', { threshold, maximum: context.options.maxLockoutThreshold }, { at });
    const secondsText = read('lockoutdurationinseconds', '60');
    const seconds = secondsText === undefined ? undefined : Number(secondsText);
    if (seconds !== undefined && seconds < context.options.minLockoutDurationSeconds)
      context.report('lockoutDuration', { seconds, minimum: context.options.minLockoutDurationSeconds }, { at });
    if (context.options.requireOnPremises) {
      const onPrem = read('enablebannedpasswordcheckonpremises', 'False');
      const mode = read('bannedpasswordcheckonpremisesmode', 'Audit');
      if (onPrem !== undefined && (onPrem.toLowerCase() !== 'true' || (mode !== undefined && mode.toLowerCase() !== 'enforce'))) {
        context.report('onPremisesAudit', { mode: onPrem.toLowerCase() === 'true' ? (mode as string) : 'off' }, { at });
      }
    }
    if (unknown) return context.unknown(unknown.reason);
  },
});
