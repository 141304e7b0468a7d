import { describe, expect, it } from 'vitest';
import { forbidden } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const passwordRules = (values: Record<string, string>): object => ({
  entra: {
    directorySettings: [
      {
        id: '3c0d0f5e-0000-4000-8000-000000000009',
        displayName: 'Password Rule Settings',
        templateId: '5cf42378-d67d-4f36-ba46-e8b86229381d',
        values: Object.entries({
          BannedPasswordCheckOnPremisesMode: 'Audit',
          EnableBannedPasswordCheckOnPremises: 'False',
          EnableBannedPasswordCheck: 'True',
          LockoutDurationInSeconds: '60',
          LockoutThreshold: '10',
          BannedPasswordList: 'contoso\tcontosotrading\twinter2026',
          ...values,
        }).map(([name, value]) => ({ name, value })),
      },
    ],
  },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'custom list enforced, defaults for lockout', snapshot: passwordRules({}) },
    { name: 'stricter lockout', snapshot: passwordRules({ LockoutThreshold: '5', LockoutDurationInSeconds: '120' }) },
  ],
  invalid: [
    {
      name: 'no settings object: defaults',
      snapshot: { entra: { directorySettings: [] } },
      findings: [{ messageId: 'noBannedList', at: '/properties/directorySettings', data: { enabled: 'False', entries: 0 } }],
    },
    {
      name: 'empty list',
      snapshot: passwordRules({ BannedPasswordList: '' }),
      findings: [{ messageId: 'noBannedList', data: { enabled: 'True', entries: 0 } }],
    },
    {
      name: 'lax lockout',
      snapshot: passwordRules({ LockoutThreshold: '50', LockoutDurationInSeconds: '30' }),
      findings: [
        { messageId: 'lockoutThreshold', data: { threshold: 50, maximum: 10 } },
        { messageId: 'lockoutDuration', data: { seconds: 30, minimum: 60 } },
      ],
    },
  ],
  unknownImpossible: 'Graph JSON is always known; an unreadable section is not assessed',
  notAssessed: [
    { name: 'unreadable', snapshot: { entra: { unavailable: { directorySettings: forbidden('Directory.Read.All') } } }, reason: /Directory\.Read\.All/ },
  ],
});

describe('the title', () => {
  // It promised a password-expiry policy, which nothing reads: the collector does not read /domains (catalog: expiry is information only).
  it('names only what the rule checks', () => {
    expect(rule.title.en).not.toMatch(/expir/i);
    expect(rule.title.ja).not.toMatch(/有効期限/);
    expect(rule.title.en).toMatch(/banned-password list.*smart lockout/);
  });
});
