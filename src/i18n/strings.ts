import type { Localized } from './locale.js';

/** Texts shared by reporters and the CLI. Rule texts live with each rule. */
export const STRINGS = {
  reportTitle: { en: 'azvmsec — Azure VM security posture', ja: 'azvmsec — Azure VM セキュリティ評価' },
  scanned: {
    en: 'Scanned {{inputs}} input(s), {{resources}} resource(s), {{evaluations}} evaluation(s).',
    ja: '{{inputs}} 件の入力、{{resources}} 件のリソース、{{evaluations}} 件の評価を実施しました。',
  },
  pass: { en: 'pass', ja: '合格' },
  fail: { en: 'fail', ja: '不合格' },
  unknown: { en: 'unknown', ja: '判定不能' },
  notAssessed: { en: 'not assessed', ja: '未評価' },
  error: { en: 'error', ja: 'エラー' },
  score: { en: 'score', ja: 'スコア' },
  noEvidence: {
    en: 'Not assessed: the inputs hold no resources this point checks.',
    ja: '未評価: このポイントで確認するリソースが入力に含まれていません。',
  },
  nothingNew: {
    en: 'Nothing new or changed since the baseline.',
    ja: 'ベースラインから新規・変更はありません。',
  },
  noRules: {
    en: 'Not assessed: this version has no checks for this point yet.',
    ja: '未評価: このバージョンにはこのポイントのチェックがまだありません。',
  },
  fix: { en: 'Fix', ja: '対処' },
  exposureTitle: { en: 'Reachable from the Internet', ja: 'インターネットから到達可能' },
  exposureRestricted: { en: 'from some sources only', ja: '一部の送信元からのみ' },
  exposureUnknown: { en: 'cannot tell', ja: '判定不能' },
  exposureNone: { en: 'No VM port is reachable from the Internet.', ja: 'インターネットから到達できる VM のポートはありません。' },
  exposureHint: { en: "Run 'azvmsec explain VM PATH' to see why, port by port.", ja: "'azvmsec explain VM PATH' でポートごとの理由を確認できます。" },
  why: { en: 'Why', ja: '理由' },
  inputProblems: { en: 'Input problems', ja: '入力の問題' },
  defenderTitle: { en: 'Compared with Defender for Cloud', ja: 'Defender for Cloud との比較' },
  defenderSummary: {
    en: '{{compared}} verdict(s) have a Defender for Cloud assessment of the same measure: {{agree}} agree, {{differ}} differ, {{other}} do not compare.',
    ja: '同じ対策についての Defender for Cloud の評価がある判定 {{compared}} 件: 一致 {{agree}} 件、相違 {{differ}} 件、比較対象外 {{other}} 件。',
  },
  defenderDiffers: {
    en: '{{rule}} {{resource}}: azvmsec {{ours}}, Defender for Cloud {{theirs}} ("{{name}}")',
    ja: '{{rule}} {{resource}}: azvmsec は {{ours}}、Defender for Cloud は {{theirs}}（"{{name}}"）',
  },
  defenderHint: {
    en: 'Defender judges NSG rules one at a time and sees runtime state; azvmsec follows every path and NSG on the way. Each difference is worth a look.',
    ja: 'Defender は NSG ルールを 1 つずつ判定し実行時の状態も見ます。azvmsec は経路と途中のすべての NSG をたどります。相違はそれぞれ確認する価値があります。',
  },
  unknownBecause: { en: 'cannot decide: {{reason}}', ja: '判定できません: {{reason}}' },
  notAssessedBecause: { en: 'not assessed: {{reason}}', ja: '未評価: {{reason}}' },
  ruleErrored: { en: 'rule failed to run: {{reason}}', ja: 'ルールの実行に失敗しました: {{reason}}' },
  totals: {
    en: '{{fail}} failed, {{pass}} passed, {{unknown}} unknown, {{error}} errors, {{notAssessed}} not assessed',
    ja: '不合格 {{fail}}、合格 {{pass}}、判定不能 {{unknown}}、エラー {{error}}、未評価 {{notAssessed}}',
  },
  noFindings: { en: 'Nothing failed.', ja: '不合格の項目はありません。' },
  more: { en: '… and {{count}} more', ja: '… ほか {{count}} 件' },
  unnamedPublicIp: { en: 'a public IP address whose name is not known', ja: '名前が不明なパブリック IP アドレス' },
} satisfies Record<string, Localized>;
