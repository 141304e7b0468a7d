import type { ReasonTemplate } from '../reasons.js';

/**
 * Reasons from: Terraform projects and plans.
 *
 * Reasons that start with words of their own come first, those that start with a name from the
 * input (an address, a variable, a function) after them: a reason that wraps another one
 * ("the condition depends on azurerm_subnet.a.id is known only after apply") must meet its own
 * template before the one of the reason inside it.
 */
export const TERRAFORM: readonly ReasonTemplate[] = [
  // ── Reasons that start with words of their own ──

  // inputs/terraform/evaluate.ts
  {
    en: 'the condition depends on {{reason}}',
    ja: '条件式の値が分かりません（{{reason}}）',
  },
  {
    en: 'an object key depends on {{reason}}',
    ja: 'オブジェクトのキーが分かりません（{{reason}}）',
  },
  {
    en: "a for-expression's filter depends on {{reason}}",
    ja: 'for 式の if 条件の値が分かりません（{{reason}}）',
  },
  {
    en: "a for-expression's key depends on {{reason}}",
    ja: 'for 式のキーが分かりません（{{reason}}）',
  },
  {
    en: 'the operator {{op}} expects numbers: {{value}} is not a number',
    ja: '演算子 {{op}} には数値が必要です: {{value}} は数値ではありません',
  },
  {
    en: "'{{name}}' is not defined here",
    ja: "'{{name}}' はここでは定義されていません",
  },
  {
    en: "the object has no attribute or element '{{key}}'",
    ja: "オブジェクトに属性または要素 '{{key}}' がありません",
  },
  {
    en: "cannot read '{{key}}' of a list",
    ja: "リストから '{{key}}' を読み取れません",
  },
  {
    en: "cannot read '{{key}}' of null",
    ja: "null から '{{key}}' を読み取れません",
  },
  {
    en: "cannot read '{{key}}' of a string",
    ja: "文字列から '{{key}}' を読み取れません",
  },
  {
    en: "cannot read '{{key}}' of a number",
    ja: "数値から '{{key}}' を読み取れません",
  },
  {
    en: "cannot read '{{key}}' of a boolean",
    ja: "ブール値から '{{key}}' を読み取れません",
  },
  {
    en: "cannot read '{{key}}' of a {{type}}",
    ja: "{{type}} 型の値から '{{key}}' を読み取れません",
  },
  {
    en: 'index {{index}} is out of range',
    ja: 'インデックス {{index}} は範囲外です',
  },
  {
    en: 'no argument of try() could be evaluated',
    ja: 'try() のどの引数も評価できません',
  },
  {
    en: 'unknown operator {{op}}',
    ja: '演算子 {{op}} を解釈できません',
  },
  {
    en: 'a list or object cannot be written into a string',
    ja: 'リストやオブジェクトは文字列に埋め込めません',
  },
  {
    en: 'a template is longer than {{max}} characters',
    ja: 'テンプレートが {{max}} 文字を超えています',
  },

  // inputs/terraform/value-size.ts: what evaluate.ts bounds (templates, splats, function results, lists, objects, for expressions)
  {
    en: 'a template is too large to read (over {{max}} values, shared parts counted where they appear)',
    ja: 'テンプレートが大きすぎるため、読み取れません（値が {{max}} 個を超えます。共有される部分は現れる箇所ごとに数えます）',
  },
  {
    en: 'a splat is too large to read (over {{max}} values, shared parts counted where they appear)',
    ja: 'スプラット式の結果が大きすぎるため、読み取れません（値が {{max}} 個を超えます。共有される部分は現れる箇所ごとに数えます）',
  },
  {
    en: 'the result of {{name}}() is too large to read (over {{max}} values, shared parts counted where they appear)',
    ja: '{{name}}() の結果が大きすぎるため、読み取れません（値が {{max}} 個を超えます。共有される部分は現れる箇所ごとに数えます）',
  },
  {
    en: 'a list is too large to read (over {{max}} values, shared parts counted where they appear)',
    ja: 'リストが大きすぎるため、読み取れません（値が {{max}} 個を超えます。共有される部分は現れる箇所ごとに数えます）',
  },
  {
    en: 'an object is too large to read (over {{max}} values, shared parts counted where they appear)',
    ja: 'オブジェクトが大きすぎるため、読み取れません（値が {{max}} 個を超えます。共有される部分は現れる箇所ごとに数えます）',
  },
  {
    en: 'a for expression is too large to read (over {{max}} values, shared parts counted where they appear)',
    ja: 'for 式の結果が大きすぎるため、読み取れません（値が {{max}} 個を超えます。共有される部分は現れる箇所ごとに数えます）',
  },

  // inputs/terraform/module.ts: variables, outputs, resources, data sources and module calls
  {
    en: 'dynamic "{{block}}" iterates over {{reason}}',
    ja: 'dynamic "{{block}}" の繰り返し対象が分かりません（{{reason}}）',
  },
  {
    en: "variable '{{name}}' has no value (no default, tfvars or --var)",
    ja: "変数 '{{name}}' に値がありません（default、tfvars、--var のいずれもありません）",
  },
  {
    en: "sensitive variable '{{name}}' (value withheld)",
    ja: "sensitive 指定の変数 '{{name}}'（値は伏せられています）",
  },
  {
    en: "sensitive output '{{name}}' (value withheld)",
    ja: "sensitive 指定の出力 '{{name}}'（値は伏せられています）",
  },
  {
    en: 'self is known only to provisioners',
    ja: 'self はプロビジョナーの中でしか参照できません',
  },
  {
    en: 'count is used outside a resource with count',
    ja: 'count が、count を持つリソースの外で使われています',
  },
  {
    en: 'each is used outside a resource with for_each',
    ja: 'each が、for_each を持つリソースの外で使われています',
  },
  {
    en: 'expression not understood: {{error}}',
    ja: '式を解釈できません: {{error}}',
  },
  {
    en: 'data source {{address}} is read by Terraform at plan time, not here',
    ja: 'データソース {{address}} は Terraform がプラン時に読み取るため、ここでは分かりません',
  },
  {
    en: 'the for_each key of {{address}} is not known',
    ja: '{{address}} の for_each のキーが分かりません',
  },

  // inputs/terraform/plan.ts
  {
    en: 'sensitive value of {{where}} (value withheld)',
    ja: '{{where}} の sensitive 指定の値（値は伏せられています）',
  },

  // inputs/terraform/file-functions.ts (file(), fileexists(), filebase64(), templatefile())
  {
    en: "templatefile() of '{{file}}': the variables are not an object",
    ja: "templatefile() の '{{file}}' に渡された変数がオブジェクトではありません",
  },
  {
    en: "templatefile() of '{{file}}' is called from a template file, which Terraform refuses",
    ja: "templatefile() の '{{file}}' がテンプレートファイルの中から呼ばれています（Terraform では許可されません）",
  },

  // inputs/terraform/read.ts: the files file() and templatefile() read
  {
    en: 'the file {{file}} cannot be read ({{error}})',
    ja: 'ファイル {{file}} を読み取れません（{{error}}）',
  },
  {
    en: "the file {{file}} is outside the folders of the configuration's modules: not read",
    ja: 'ファイル {{file}} は構成のモジュールのフォルダーの外にあるため、読み取りません',
  },
  {
    en: 'the file {{file}} is larger than {{max}} bytes: not read',
    ja: 'ファイル {{file}} は {{max}} バイトを超えるため、読み取りません',
  },

  // inputs/terraform/functions.ts
  {
    en: 'format() has fewer arguments than verbs',
    ja: 'format() の引数が書式指定子より少なくなっています',
  },
  {
    en: 'cidrsubnet("{{prefix}}", {{newbits}}, {{netnum}}) is out of range (newbits from 0 to 32)',
    ja: 'cidrsubnet("{{prefix}}", {{newbits}}, {{netnum}}) は範囲外です（newbits は 0 から 32 まで）',
  },
  {
    en: 'cidrsubnet("{{prefix}}", {{newbits}}, {{netnum}}) is out of range',
    ja: 'cidrsubnet("{{prefix}}", {{newbits}}, {{netnum}}) は範囲外です',
  },
  {
    en: 'cidrhost("{{prefix}}", {{hostnum}}) is out of range',
    ja: 'cidrhost("{{prefix}}", {{hostnum}}) は範囲外です',
  },
  {
    en: "cidrnetmask(): '{{prefix}}' is an IPv6 prefix, which has no netmask",
    ja: "cidrnetmask(): '{{prefix}}' は IPv6 のプレフィックスで、ネットマスクはありません",
  },
  {
    en: 'cidrsubnets(): newbits {{newbits}} is out of range (from 1 to 32)',
    ja: 'cidrsubnets(): newbits {{newbits}} は範囲外です（1 から 32 まで）',
  },
  {
    en: 'cidrsubnets(): a prefix of {{length}} bits is too long for an {{family}} address',
    ja: 'cidrsubnets(): {{length}} ビットのプレフィックスは {{family}} アドレスには長すぎます',
  },
  {
    en: 'cidrsubnets(): not enough remaining address space in {{prefix}} for a subnet with a prefix of {{length}} bits',
    ja: 'cidrsubnets(): {{prefix}} には {{length}} ビットのプレフィックスのサブネットを取るだけのアドレス空間が残っていません',
  },
  {
    en: 'tonumber(): {{value}} is not a number',
    ja: 'tonumber(): {{value}} は数値ではありません',
  },
  {
    en: "lookup(): no key '{{key}}' and no default",
    ja: "lookup(): キー '{{key}}' がなく、既定値もありません",
  },
  {
    en: 'element() of an empty list',
    ja: 'element() に空のリストが渡されています',
  },
  {
    en: 'one() of a list with more than one element',
    ja: 'one() に 2 つ以上の要素を持つリストが渡されています',
  },
  {
    en: 'coalesce(): every argument is null or empty',
    ja: 'coalesce(): すべての引数が null または空です',
  },
  {
    en: 'range() with step 0',
    ja: 'range() のステップが 0 です',
  },
  {
    en: 'range() too long',
    ja: 'range() の結果が長すぎます',
  },
  {
    en: 'setproduct() would make {{count}} combinations, too many to read',
    ja: 'setproduct() の組み合わせが {{count}} 通りになり、多すぎるため読み取れません',
  },
  {
    en: 'replace(): the pattern {{pattern}} is not supported ({{error}})',
    ja: 'replace(): パターン {{pattern}} には対応していません（{{error}}）',
  },
  {
    en: 'regex(): the pattern is not supported ({{error}})',
    ja: 'regex(): このパターンには対応していません（{{error}}）',
  },
  {
    en: 'regex() did not match',
    ja: 'regex() が一致しませんでした',
  },
  {
    en: 'jsondecode() of text that is not JSON',
    ja: 'jsondecode() に JSON ではないテキストが渡されています',
  },
  {
    en: 'type() is a console function',
    ja: 'type() は terraform console でしか使えない関数です',
  },
  {
    en: 'the function {{name}}() is not implemented by this reader',
    ja: '関数 {{name}}() には azvmsec が対応していません',
  },
  {
    en: 'Terraform has no function {{name}}() (terraform validate stops there)',
    ja: 'Terraform に関数 {{name}}() はありません（terraform validate はここでエラーになります）',
  },

  // inputs/terraform/mapping/azapi.ts
  {
    en: 'the body is text that is not JSON',
    ja: 'body が JSON ではないテキストです',
  },
  // inputs/terraform/mapping/compute.ts
  {
    en: 'disable_password_authentication is required and not set',
    ja: 'disable_password_authentication は必須ですが、設定されていません',
  },
  // inputs/terraform/mapping/security.ts
  {
    en: 'role "{{name}}" is given by name and is not a built-in role this reader knows',
    ja: 'ロール "{{name}}" は名前で指定されており、azvmsec が知っている組み込みロールではありません',
  },

  // ── Reasons that start with a name from the input ──

  // inputs/terraform/module.ts and plan.ts: attributes known after apply
  {
    en: '{{address}} is known only after apply',
    ja: '{{address}} は apply 後に決まる値です',
  },
  // inputs/terraform/module.ts
  {
    en: '{{address}}: local module {{source}} not found',
    ja: '{{address}}: ローカルモジュール {{source}} が見つかりません',
  },
  {
    en: '{{address}}: downloaded module {{source}} not found',
    ja: '{{address}}: ダウンロード済みのモジュール {{source}} が見つかりません',
  },
  {
    en: '{{address}} comes from a remote module that is not read',
    ja: '{{address}} は読み取られていないリモートモジュールの出力です',
  },
  {
    en: '{{address}} is nested too deeply',
    ja: '{{address}} はモジュールの入れ子が深すぎるため、読み取りません',
  },
  {
    en: '{{address}} is not declared',
    ja: '{{address}} は宣言されていません',
  },
  {
    en: '{{what}} depends on itself',
    ja: '{{what}} が自分自身に依存しています（循環参照）',
  },
  {
    en: '{{file}}: {{key}} not understood: {{error}}',
    ja: '{{file}}: {{key}} を解釈できません: {{error}}',
  },

  // inputs/terraform/evaluate.ts
  {
    en: "{{what}} has no attribute or element '{{key}}'",
    ja: "{{what}} に属性または要素 '{{key}}' がありません",
  },
  {
    en: '{{what}} is too deeply nested to read',
    ja: '{{what}} は入れ子が深すぎるため、読み取れません',
  },

  // inputs/terraform/value-size.ts
  {
    en: "{{attribute}} is too large to read (the resource's attributes are over {{max}} values)",
    ja: '{{attribute}} が大きすぎるため、読み取れません（リソースの属性の値が合計 {{max}} 個を超えます）',
  },

  // inputs/terraform/file-functions.ts; its templatefile() catch-all after the reasons it may not take
  {
    en: '{{name}}() expects a path',
    ja: '{{name}}() の引数がパスではありません',
  },
  {
    en: "{{name}}() of '{{file}}' reads the home folder of whoever runs Terraform: not read",
    ja: "{{name}}() の '{{file}}' は Terraform を実行するユーザーのホームフォルダーを指すため、読み取りません",
  },
  {
    en: "{{name}}() of '{{file}}': there is no such file",
    ja: "{{name}}() の '{{file}}' というファイルはありません",
  },
  {
    en: "{{name}}() of '{{file}}': the file is not UTF-8 text",
    ja: "{{name}}() の '{{file}}' は UTF-8 のテキストファイルではありません",
  },
  {
    en: "templatefile() of '{{file}}': {{error}}",
    ja: "templatefile() の '{{file}}' を解釈できません: {{error}}",
  },

  // inputs/terraform/read.ts
  {
    en: '{{file}} is not a file',
    ja: '{{file}} はファイルではありません',
  },

  // inputs/terraform/functions.ts
  {
    en: '{{name}}() is evaluated by Terraform at run time, not read here',
    ja: '{{name}}() は Terraform の実行時に評価されるため、ここでは分かりません',
  },
  {
    en: '{{name}}() failed: {{error}}',
    ja: '{{name}}() が失敗しました: {{error}}',
  },
  {
    en: '{{name}}(): cannot convert {{type}} to {{to}}',
    ja: '{{name}}(): {{type}} を {{to}} に変換できません',
  },

  // inputs/terraform/cidr.ts
  {
    en: "{{name}}(): '{{prefix}}' is not a CIDR prefix (invalid CIDR address)",
    ja: "{{name}}(): '{{prefix}}' は CIDR プレフィックスではありません（無効な CIDR アドレス）",
  },
  {
    en: '{{name}}(): {{what}} {{value}} is not a whole number',
    ja: '{{name}}(): {{what}} {{value}} は整数ではありません',
  },

  // inputs/terraform/mapping/shape.ts (jsonText(), secret()) and azapi.ts (sensitive_body)
  {
    en: '{{name}} is not valid JSON',
    ja: '{{name}} は有効な JSON ではありません',
  },
  {
    en: '{{name}} (value withheld)',
    ja: '{{name}}（値は伏せられています）',
  },
];
