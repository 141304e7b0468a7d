import { describe, expect, it } from 'vitest';
import { ReasonCatalog, reasonIn } from './reasons.js';
import { PHRASES, REASONS } from './reasons/index.js';
import { placeholders } from './locale.js';

const catalog = new ReasonCatalog([
  { en: 'the subnet NSG cannot be read: {{reason}}', ja: 'サブネットの NSG を読み取れません: {{reason}}' },
  { en: 'parameter {{name}} has no value', ja: 'パラメーター {{name}} に値がありません' },
  { en: '{{what}} is only known at deployment', ja: '{{what}} はデプロイ時にしか分かりません' },
  { en: 'the VM is a network virtual appliance ({{reasons}})', ja: 'VM はネットワーク仮想アプライアンスです（{{reasons}}）' },
  { en: 'IP forwarding', ja: 'IP 転送' },
  { en: 'rule {{rule}} allows {{port}}', ja: 'ルール {{rule}} が {{port}} を許可' },
  { en: 'rule {{rule}} allows {{port}} from Internet', ja: 'ルール {{rule}} がインターネットから {{port}} を許可' },
]);

describe('reasons in Japanese', () => {
  it('fills placeholders with the text they match', () => {
    expect(catalog.japanese("parameter 'adminPassword' has no value")).toBe("パラメーター 'adminPassword' に値がありません");
  });

  it('renders a reason inside a reason, and each of several', () => {
    expect(catalog.japanese("the subnet NSG cannot be read: parameter 'nsg' has no value")).toBe(
      "サブネットの NSG を読み取れません: パラメーター 'nsg' に値がありません",
    );
    expect(catalog.japanese('the VM is a network virtual appliance (image fortinet; IP forwarding)')).toBe(
      'VM はネットワーク仮想アプライアンスです（image fortinet; IP 転送）',
    );
  });

  it('keeps an inner reason it cannot render in English, and says so of an outer one', () => {
    expect(catalog.japanese('the subnet NSG cannot be read: something new')).toBe('サブネットの NSG を読み取れません: something new');
    expect(catalog.japanese('the subnet NSG cannot be read: something new', true)).toBeUndefined();
    expect(catalog.japanese('the VM is a network virtual appliance (IP forwarding; something new)', true)).toBeUndefined();
    expect(catalog.japanese('something new')).toBeUndefined();
  });

  it('matches templates that start with a placeholder, and the first listed of two that match', () => {
    expect(catalog.japanese("reference('vm') is only known at deployment")).toBe("reference('vm') はデプロイ時にしか分かりません");
    expect(catalog.japanese('rule a allows 22 from Internet')).toBe('ルール a が 22 from Internet を許可');
  });

  it('treats the text of a reason as text, never as a pattern, and stays linear on long hostile text', () => {
    expect(catalog.japanese('parameter .* has no value')).toBe('パラメーター .* に値がありません');
    const hostile = `rule ${' allows '.repeat(2_000)}x`;
    // A backtracking matcher would take years on this (three placeholders, 2,000 ways to split).
    expect(catalog.japanese(hostile)).toMatch(/^ルール .* を許可$/s);
  });

  it('leaves English reports as written', () => {
    expect(reasonIn('anything at all', 'en')).toBe('anything at all');
  });
});

describe('the reason templates of src/i18n/reasons/', () => {
  it('give every placeholder in Japanese that English has, and no template twice', () => {
    const seen = new Set<string>();
    for (const template of [...PHRASES, ...REASONS]) {
      expect([...new Set(placeholders(template.ja))].sort(), template.en).toEqual([...new Set(placeholders(template.en))].sort());
      expect(seen.has(template.en), `listed twice: ${template.en}`).toBe(false);
      seen.add(template.en);
      expect(template.ja.trim(), template.en).not.toBe('');
      expect(template.en, 'two placeholders side by side cannot be told apart').not.toMatch(/\}\}\{\{/);
    }
  });
});
