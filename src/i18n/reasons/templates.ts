import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: ARM templates, their expressions and Bicep. */
export const TEMPLATES: readonly ReasonTemplate[] = [
  // Reasons that hold another reason or an error message: first, so that no template of the
  // text inside them (which may start with a placeholder) takes the whole.
  // inputs/arm/expand.ts
  {
    en: 'the expression {{expression}} cannot be evaluated: {{error}}',
    ja: '式 {{expression}} を評価できません: {{error}}',
  },
  // inputs/bicep/params.ts (a param's value known only at deployment: `param x is <reason>`)
  {
    en: 'param {{name}} could not be evaluated: {{error}}',
    ja: 'param {{name}} を評価できませんでした: {{error}}',
  },
  {
    en: 'var {{name}} could not be evaluated: {{error}}',
    ja: 'var {{name}} を評価できませんでした: {{error}}',
  },
  {
    en: 'param {{name}} is {{reason}}',
    ja: 'param {{name}}: {{reason}}',
  },

  // inputs/arm/expand.ts, inputs/arm/parameters.ts: parameters
  {
    en: "secure parameter '{{name}}' has no value",
    ja: "セキュアパラメーター '{{name}}' に値がありません",
  },
  {
    en: "secure parameter '{{name}}' (value withheld)",
    ja: "セキュアパラメーター '{{name}}'（値は伏せられています）",
  },
  {
    en: "secure output '{{name}}' (reference() does not return it)",
    ja: "セキュア出力 '{{name}}'（reference() では返されません）",
  },
  {
    en: "parameter '{{name}}' is a Key Vault reference, resolved only at deployment",
    ja: "パラメーター '{{name}}' は Key Vault 参照で、デプロイ時にしか解決されません",
  },
  {
    en: "parameter '{{name}}' has no value",
    ja: "パラメーター '{{name}}' に値がありません",
  },
  // inputs/arm/expand.ts: expressions, copy loops, deployments
  {
    en: 'copy count {{count}} is not a whole number',
    ja: 'copy の count {{count}} が 0 以上の整数ではありません',
  },
  {
    en: "the index of copy loop '' is unknown because its count is",
    ja: '名前のない copy ループは count が不明なため、インデックスも不明です',
  },
  {
    en: "the index of copy loop '{{loop}}' is unknown because its count is",
    ja: "copy ループ '{{loop}}' は count が不明なため、インデックスも不明です",
  },
  { en: 'the location of the deployment is given only when it is deployed', ja: 'デプロイの場所はデプロイ時にのみ指定されます' },
  {
    en: 'the template link is known only at deployment',
    ja: 'テンプレート リンクはデプロイ時にしか分かりません',
  },
  {
    en: 'the outputs of deployments refer to one another too deeply to evaluate',
    ja: 'デプロイの出力どうしの参照が深すぎて評価できません',
  },
  {
    en: "reference() to '{{id}}' refers to the deployment itself",
    ja: "'{{id}}' への reference() がデプロイ自身を参照しています",
  },
  // inputs/arm-expr/runtime-view.ts: reference()
  {
    en: "reference() to '{{id}}' is nested too deeply to read",
    ja: "'{{id}}' への reference() の値は入れ子が深すぎて読み取れません",
  },
  {
    en: "item {{index}} of reference() to '{{id}}' is only known at deployment",
    ja: "'{{id}}' への reference() の項目 {{index}} はデプロイ時にしか分かりません",
  },
  {
    en: "'{{member}}' of reference() to '{{id}}' is only known at deployment",
    ja: "'{{id}}' への reference() の '{{member}}' はデプロイ時にしか分かりません",
  },
  {
    en: "reference() to '{{target}}' is only known at deployment",
    ja: "'{{target}}' への reference() はデプロイ時にしか分かりません",
  },
  // inputs/arm/expand.ts, inputs/bicep/params.ts: list*()
  {
    en: "{{function}}() of '{{id}}' is only known at deployment",
    ja: "'{{id}}' の {{function}}() はデプロイ時にしか分かりません",
  },
  // inputs/arm-expr/evaluate.ts: azvmsec.unknown() without a reason
  {
    en: 'a value azvmsec does not read',
    ja: 'azvmsec が読み取らない値です',
  },
  // inputs/arm-expr/functions/scope.ts
  {
    en: 'resourceGroup() with arguments is another resourceGroup, known only at deployment',
    ja: '引数付きの resourceGroup() は別のリソース グループを表し、デプロイ時にしか分かりません',
  },
  {
    en: 'subscription() with arguments is another subscription, known only at deployment',
    ja: '引数付きの subscription() は別のサブスクリプションを表し、デプロイ時にしか分かりません',
  },
  {
    en: 'managementGroup() with arguments is another managementGroup, known only at deployment',
    ja: '引数付きの managementGroup() は別の管理グループを表し、デプロイ時にしか分かりません',
  },
  // inputs/arm-expr/functions/deployment.ts
  {
    en: 'deployer() is the identity running the deployment, known only at deployment',
    ja: 'deployer() はデプロイを実行する ID で、デプロイ時にしか分かりません',
  },
  // inputs/arm-expr/functions/date.ts
  {
    en: 'utcNow() is the time of the deployment',
    ja: 'utcNow() はデプロイ時の時刻を返します',
  },
  // inputs/arm-expr/functions/string.ts
  {
    en: 'newGuid() returns a new random GUID at each deployment',
    ja: 'newGuid() はデプロイのたびに新しいランダムな GUID を返します',
  },
  // inputs/arm-expr/functions/resource.ts
  {
    en: "pickZones() for '{{type}}' in '{{location}}' depends on the zones Azure offers at deployment",
    ja: "'{{location}}' の '{{type}}' に対する pickZones() は、デプロイ時に Azure が提供するゾーンによって決まります",
  },
  {
    en: "providers('{{target}}') reads the resource provider registry at deployment",
    ja: "providers('{{target}}') はデプロイ時にリソース プロバイダーの登録情報を読み取ります",
  },

  // inputs/bicep/params.ts: .bicepparam files
  {
    en: '{{function}}() is not known in a parameter file',
    ja: '{{function}}() の値はパラメーター ファイルでは分かりません',
  },
  {
    en: '{{function}}() is not read in a parameter file',
    ja: '{{function}}() はパラメーター ファイルでは読み取られません',
  },
  {
    en: 'environment variable (named by an expression) of the machine that deploys',
    ja: 'デプロイを実行するマシンの環境変数（名前は式で指定）の値です',
  },
  {
    en: 'environment variable {{name}} of the machine that deploys',
    ja: 'デプロイを実行するマシンの環境変数 {{name}} の値です',
  },
  {
    en: 'Key Vault secret (named by an expression), resolved only at deployment',
    ja: 'Key Vault シークレット（名前は式で指定）の値で、デプロイ時にしか解決されません',
  },
  {
    en: 'Key Vault secret {{name}}, resolved only at deployment',
    ja: 'Key Vault シークレット {{name}} の値で、デプロイ時にしか解決されません',
  },
  {
    en: 'an external input, given only at deployment',
    ja: '外部入力の値で、デプロイ時にしか与えられません',
  },
  {
    en: 'file (named by an expression) loaded when Bicep builds, not read by azvmsec',
    ja: 'Bicep のビルド時に読み込まれるファイル（名前は式で指定）の内容で、azvmsec は読み取りません',
  },
  {
    en: 'file {{file}} loaded when Bicep builds, not read by azvmsec',
    ja: 'Bicep のビルド時に読み込まれるファイル {{file}} の内容で、azvmsec は読み取りません',
  },
  {
    en: 'folder (named by an expression) listed when Bicep builds, not read by azvmsec',
    ja: 'Bicep のビルド時に一覧されるフォルダー（名前は式で指定）の内容で、azvmsec は読み取りません',
  },
  {
    en: 'folder {{folder}} listed when Bicep builds, not read by azvmsec',
    ja: 'Bicep のビルド時に一覧されるフォルダー {{folder}} の内容で、azvmsec は読み取りません',
  },

  // inputs/bicep/compile.ts: values Bicep has and ARM cannot evaluate (azvmsec.unknown())
  {
    en: "'{{name}}', the namespace of {{from}}, is not a value",
    ja: "'{{name}}' は {{from}} の名前空間で、値ではありません",
  },
  {
    en: "'{{name}}' is not declared in this file",
    ja: "'{{name}}' はこのファイルで宣言されていません",
  },
  {
    en: "'{{name}}' is not a child resource declared there",
    ja: "'{{name}}' はそこで宣言された子リソースではありません",
  },
  {
    en: 'nameof() of anything but a name, a property or a child resource',
    ja: 'nameof() の引数が名前、プロパティ、子リソースのいずれでもありません',
  },
  {
    en: "'{{name}}' is a collection: name one of its resources with [index]",
    ja: "'{{name}}' はコレクションです。[index] でリソースを 1 つ指定してください",
  },
  {
    en: "'{{name}}' is a collection: name one of its deployments with [index]",
    ja: "'{{name}}' はコレクションです。[index] でデプロイを 1 つ指定してください",
  },
  {
    en: '{{function}}() is not read',
    ja: '{{function}}() は読み取られません',
  },
  {
    en: '{{function}}() of a path that is not a literal',
    ja: '{{function}}() のパスがリテラルではありません',
  },
  {
    en: '{{function}}() with a path filter that is not a literal',
    ja: '{{function}}() のパス フィルターがリテラルではありません',
  },
  {
    en: "{{function}}('{{file}}') cannot be read: {{error}}",
    ja: "{{function}}('{{file}}') を読み取れません: {{error}}",
  },
  {
    en: "{{function}}('{{file}}'): the file is not JSON ({{error}})",
    ja: "{{function}}('{{file}}'): ファイルが JSON ではありません（{{error}}）",
  },
  {
    en: "{{function}}('{{file}}'): the file is not YAML ({{error}})",
    ja: "{{function}}('{{file}}'): ファイルが YAML ではありません（{{error}}）",
  },
  {
    en: "{{function}}('{{file}}'): the path filter '{{filter}}' is not read",
    ja: "{{function}}('{{file}}'): パス フィルター '{{filter}}' は読み取られません",
  },
  // inputs/bicep/compile.ts: imported names (import … from …)
  {
    en: "'{{name}}', imported from {{from}}, which cannot be read (a registry module, which an offline scan does not fetch)",
    ja: "'{{name}}' のインポート元 {{from}} はレジストリ モジュールで、オフライン スキャンでは取得しないため読み取れません",
  },
  {
    en: "'{{name}}', imported from {{from}}, which cannot be read (files import one another more than {{depth}} deep)",
    ja: "'{{name}}' のインポート元 {{from}} は、ファイルどうしのインポートが {{depth}} 段より深いため読み取れません",
  },
  {
    en: "'{{name}}', imported from {{from}}, which cannot be read ({{error}})",
    ja: "'{{name}}' のインポート元 {{from}} を読み取れません（{{error}}）",
  },
  {
    en: '{{name}}(), imported from {{from}}, which cannot be read (a registry module, which an offline scan does not fetch)',
    ja: '{{name}}() のインポート元 {{from}} はレジストリ モジュールで、オフライン スキャンでは取得しないため読み取れません',
  },
  {
    en: '{{name}}(), imported from {{from}}, which cannot be read (files import one another more than {{depth}} deep)',
    ja: '{{name}}() のインポート元 {{from}} は、ファイルどうしのインポートが {{depth}} 段より深いため読み取れません',
  },
  {
    en: '{{name}}(), imported from {{from}}, which cannot be read ({{error}})',
    ja: '{{name}}() のインポート元 {{from}} を読み取れません（{{error}}）',
  },
  {
    en: "'{{name}}' is imported through more than {{count}} files",
    ja: "'{{name}}' は {{count}} を超えるファイルを経由してインポートされています",
  },
  {
    en: '{{name}}() is imported through more than {{count}} files',
    ja: '{{name}}() は {{count}} を超えるファイルを経由してインポートされています',
  },
  {
    en: "{{from}} exports no variable '{{name}}'",
    ja: "{{from}} は変数 '{{name}}' をエクスポートしていません",
  },
  {
    en: "{{from}} exports no function '{{name}}'",
    ja: "{{from}} は関数 '{{name}}' をエクスポートしていません",
  },
];
