import type { ReasonTemplate } from '../reasons.js';

/** The attestation advice some reasons end with, in both languages (each is part of several templates). */
const LEGACY_RISK_ATTEST = {
  en:
    'the legacy Identity Protection user-risk and sign-in-risk policies are not in Microsoft Graph v1.0: confirm in the Entra admin center ' +
    '(Protection > Identity Protection > User risk policy / Sign-in risk policy) that both are disabled, and record an attestation',
  ja:
    'レガシーの Identity Protection のユーザー リスク ポリシーとサインイン リスク ポリシーは Microsoft Graph v1.0 にありません。' +
    'Entra 管理センター（保護 > Identity Protection > ユーザー リスク ポリシー／サインイン リスク ポリシー）で両方が無効になっていることを確認し、構成証明を記録してください',
};
const XDR_ATTEST = {
  en:
    'device onboarding, sensor health and incident correlation live in the Microsoft Defender portal, not in Azure configuration: confirm in Defender XDR ' +
    '(Assets > Devices, filtered on the VMs) that they are onboarded and healthy and that Defender for Cloud alerts appear in incidents, and record an attestation',
  ja:
    'デバイスのオンボード、センサーの正常性、インシデントの相関は Azure の構成ではなく Microsoft Defender ポータルにあります。' +
    'Defender XDR（資産 > デバイス で VM に絞り込み）で、VM がオンボードされて正常であり、Defender for Cloud のアラートがインシデントに表示されることを確認し、構成証明を記録してください',
};
const EXPOSURE_ATTEST = {
  en:
    'Microsoft Security Exposure Management has no Azure Resource Manager or Microsoft Graph v1.0 configuration: confirm in the Microsoft Defender portal ' +
    '(Exposure management > Attack surface map, Critical asset management, Exposure initiatives) that it is in use, and record an attestation',
  ja:
    'Microsoft Security Exposure Management には Azure Resource Manager にも Microsoft Graph v1.0 にも構成がありません。' +
    'Microsoft Defender ポータル（Exposure management > 攻撃面マップ、重要資産の管理、露出イニシアチブ）で利用されていることを確認し、構成証明を記録してください',
};
const COPILOT_ATTEST = {
  en: 'bundled Security Copilot entitlements (Microsoft 365 E5) and actual use are not visible as Azure resources: if the organisation uses Security Copilot, record an attestation',
  ja: 'ライセンスに含まれる Security Copilot の権利（Microsoft 365 E5）や実際の利用は Azure リソースとしては見えません。Security Copilot を使用している場合は構成証明を記録してください',
};

/** Reasons from: Rules of points 4 and 5 (Entra ID, monitoring), their shared helpers and the identity analyses. */
export const IDENTITY_MONITORING: readonly ReasonTemplate[] = [
  // shared/entra.ts
  {
    en: 'the input has no Microsoft Graph {{path}} data (collect it with the {{permission}} permission)',
    ja: '入力に Microsoft Graph の {{path}} のデータがありません（{{permission}} アクセス許可で収集してください）',
  },

  // shared/conditional-access.ts (AZV-IAM-001, -002, -003, -004, -006, -007)
  {
    en: 'the tenant has Microsoft Entra ID {{licence}}; this Conditional Access control needs Entra ID {{required}} (without it, keep security defaults on: AZV-IAM-005)',
    ja: 'テナントは Microsoft Entra ID {{licence}} です。この条件付きアクセスの制御には Entra ID {{required}} が必要です（{{required}} がない場合は、セキュリティの既定値群を有効のままにしてください: AZV-IAM-005）',
  },
  {
    en: 'the tenant has Microsoft Entra ID {{licence}}; this Conditional Access control needs Entra ID {{required}}',
    ja: 'テナントは Microsoft Entra ID {{licence}} です。この条件付きアクセスの制御には Entra ID {{required}} が必要です',
  },
  {
    en: 'no enabled Conditional Access policy enforces it, and security defaults, which would, cannot be read: identitySecurityDefaultsEnforcementPolicy does not say whether they are enabled',
    ja: 'これを適用する有効な条件付きアクセス ポリシーがなく、代わりに適用するセキュリティの既定値群も読み取れません: identitySecurityDefaultsEnforcementPolicy からは有効かどうか分かりません',
  },
  {
    en: 'no enabled Conditional Access policy enforces it, and security defaults, which would, cannot be read: {{reason}}',
    ja: 'これを適用する有効な条件付きアクセス ポリシーがなく、代わりに適用するセキュリティの既定値群も読み取れません: {{reason}}',
  },

  // analyses/identity/conditional-access.ts
  {
    en: 'Conditional Access policy "{{policy}}": {{reason}}',
    ja: '条件付きアクセス ポリシー "{{policy}}": {{reason}}',
  },
  {
    en: 'Microsoft Graph returned a grant control as unknownFutureValue (such as riskRemediation); collect again with the header "Prefer: include-unknown-enum-members"',
    ja: 'Microsoft Graph が許可コントロールを unknownFutureValue（riskRemediation など）として返しました。ヘッダー "Prefer: include-unknown-enum-members" を付けて再収集してください',
  },
  {
    en: 'its custom authentication strength "{{strength}}" is known only by id: the input does not say which methods it allows',
    ja: 'ポリシーのカスタム認証強度 "{{strength}}" は ID しか分かりません。どの認証方法を許可するかが入力にありません',
  },
  {
    en: 'a grant control cannot be read',
    ja: '許可コントロールを読み取れません',
  },

  // shared/rbac.ts
  {
    en: 'the role assignment has no roleDefinitionId',
    ja: 'ロール割り当てに roleDefinitionId がありません',
  },
  {
    en: 'the role assignment has no principalId',
    ja: 'ロール割り当てに principalId がありません',
  },

  // shared/scope.ts
  {
    en: "the scope of {{type}} '{{name}}' cannot be read from its id",
    ja: "{{type}} '{{name}}' のスコープをその ID から読み取れません",
  },
  {
    en: "the scope of {{type}} '{{name}}' is not known ({{reason}})",
    ja: "{{type}} '{{name}}' のスコープが分かりません（{{reason}}）",
  },

  // AZV-IAM-005 security-defaults
  {
    en: 'identitySecurityDefaultsEnforcementPolicy does not say whether security defaults are enabled',
    ja: 'identitySecurityDefaultsEnforcementPolicy からは、セキュリティの既定値群が有効かどうか分かりません',
  },
  {
    en: 'security defaults are off, and {{reason}}',
    ja: 'セキュリティの既定値群は無効です。また、{{reason}}',
  },

  // AZV-IAM-008 legacy-risk-policies-migrated
  {
    en: `risk-based Conditional Access policies are in force; ${LEGACY_RISK_ATTEST.en}`,
    ja: `リスクベースの条件付きアクセス ポリシーは適用されています。${LEGACY_RISK_ATTEST.ja}`,
  },
  {
    en: `{{reason}}; and ${LEGACY_RISK_ATTEST.en}`,
    ja: `{{reason}}。また、${LEGACY_RISK_ATTEST.ja}`,
  },
  {
    en: 'risk policies need Microsoft Entra ID P2; the tenant has {{licence}}',
    ja: 'リスク ポリシーには Microsoft Entra ID P2 が必要ですが、テナントは {{licence}} です',
  },

  // AZV-IAM-011 custom-role-wildcard
  {
    en: 'a built-in role',
    ja: '組み込みロールです',
  },
  {
    en: 'assignable at resource-group or resource scope only',
    ja: 'リソース グループまたはリソースのスコープでのみ割り当て可能です',
  },
  {
    en: 'custom roles are assessed one by one',
    ja: 'カスタム ロールは個別に評価されます',
  },

  // AZV-IAM-012 standing-privileged-access
  {
    en: "the role of a user's assignment at subscription scope is not known ({{reason}}): it may be Owner or User Access Administrator",
    ja: 'サブスクリプション スコープでのユーザーの割り当てのロールが不明です（{{reason}}）。所有者またはユーザー アクセス管理者の可能性があります',
  },
  {
    en: 'eligible (PIM) Global Administrators are not counted: {{reason}}',
    ja: 'PIM の資格割り当て（eligible）のグローバル管理者が数に含まれていません: {{reason}}',
  },
  {
    en: 'Global Administrator is assigned to {{count}} group(s) ({{groups}}) whose members the input does not list',
    ja: 'グローバル管理者ロールが {{count}} 個のグループ（{{groups}}）に割り当てられていますが、入力にはそのメンバーが含まれていません',
  },
  {
    en: 'whether a Global Administrator is a group, whose members the input does not list, is not known: {{reason}}',
    ja: 'グローバル管理者がグループ（メンバーは入力に含まれません）かどうかが不明です: {{reason}}',
  },
  {
    en: 'the role or principal of {{count}} directory role assignment(s) is not known: {{reason}}',
    ja: '{{count}} 件のディレクトリ ロール割り当てのロールまたはプリンシパルが不明です: {{reason}}',
  },
  {
    en: 'whether the tenant has Entra ID P2 (Privileged Identity Management), where Global Administrators beyond the emergency access accounts should be eligible rather than permanently active, is not known',
    ja: 'テナントに Entra ID P2（Privileged Identity Management）があるかどうかが不明です。ある場合、緊急アクセス用アカウント以外のグローバル管理者は常時アクティブではなく資格割り当てにすべきです',
  },
  {
    en: 'which active Global Administrators were activated through PIM or are time-bound is not known: {{reason}}',
    ja: 'アクティブなグローバル管理者のうち、どれが PIM でアクティブ化されたものか、期限付きのものかが不明です: {{reason}}',
  },
  {
    en: 'the input does not show every permanently active Global Administrator (groups whose members it does not list, or assignments not known)',
    ja: '入力からは常時アクティブなグローバル管理者をすべて把握できません（メンバーが入力に含まれないグループ、または不明な割り当てがあります）',
  },

  // AZV-IAM-010 subscription-owners
  {
    en: 'the input has no role assignments for subscription {{subscription}} (Resource Graph authorizationresources)',
    ja: '入力にサブスクリプション {{subscription}} のロール割り当てがありません（Resource Graph の authorizationresources）',
  },
  {
    en: 'whether role assignment "{{assignment}}" adds an Owner is not known: {{reason}}',
    ja: 'ロール割り当て "{{assignment}}" が所有者を追加するかどうか分かりません: {{reason}}',
  },
  {
    en: 'guests and disabled accounts cannot be checked: {{reason}}',
    ja: 'ゲストと無効化されたアカウントを確認できません: {{reason}}',
  },
  {
    en: 'the input has no Microsoft Entra data (users behind role assignments)',
    ja: '入力に Microsoft Entra のデータ（ロール割り当てを持つユーザー）がありません',
  },

  // AZV-IAM-013 vm-entra-sign-in
  {
    en: "Entra login is installed; whether MFA is required needs the tenant's Conditional Access policies (scan a snapshot)",
    ja: 'Entra ログイン拡張機能はインストールされています。MFA が要求されるかどうかの判断にはテナントの条件付きアクセス ポリシーが必要です（スナップショットをスキャンしてください）',
  },
  {
    en: 'no enabled Conditional Access policy requires MFA for VM sign-in, and security defaults, which would, cannot be read: identitySecurityDefaultsEnforcementPolicy does not say whether they are enabled',
    ja: 'VM へのサインインに MFA を要求する有効な条件付きアクセス ポリシーがなく、代わりに要求するセキュリティの既定値群も読み取れません: identitySecurityDefaultsEnforcementPolicy からは有効かどうか分かりません',
  },
  {
    en: '{{count}} user(s) hold roles that give access to the VM, and whether they can do MFA is not known: {{reason}}',
    ja: 'VM へのアクセス権を与えるロールを持つユーザーが {{count}} 人いますが、MFA を使えるかどうかが不明です: {{reason}}',
  },
  {
    en: 'a role assignment that may give access to the VM is not fully known ({{reason}})',
    ja: 'VM へのアクセス権を与える可能性のあるロール割り当てが完全には分かりません（{{reason}}）',
  },
  {
    en: "group '{{name}}' holds a privileged role in the subscription, and the input does not list its members (azvmsec collect reads them with Directory.Read.All)",
    ja: "グループ '{{name}}' はサブスクリプションで特権ロールを持っていますが、入力にそのメンバーが含まれていません（azvmsec collect は Directory.Read.All でメンバーを読み込みます）",
  },
  {
    en: "group '{{name}}' holds a role that gives access to the VM, and the input does not list its members (azvmsec collect reads them with Directory.Read.All)",
    ja: "グループ '{{name}}' は VM へのアクセス権を与えるロールを持っていますが、入力にそのメンバーが含まれていません（azvmsec collect は Directory.Read.All でメンバーを読み込みます）",
  },
  {
    en: 'no enabled Conditional Access policy requires MFA for VM sign-in, and security defaults, which would, cannot be read: {{reason}}',
    ja: 'VM へのサインインに MFA を要求する有効な条件付きアクセス ポリシーがなく、代わりに要求するセキュリティの既定値群も読み取れません: {{reason}}',
  },
  // Why an exclusion of the MFA policy may reach someone who can sign in to the VM (inside 'Conditional Access policy "{{policy}}": {{reason}}')
  {
    en: 'it excludes group {{group}}, and the input does not list its members, who may be able to sign in to the VM',
    ja: 'グループ {{group}} を除外していますが、入力にそのメンバーが含まれていません。メンバーが VM にサインインできる可能性があります',
  },
  {
    en: 'it excludes directory roles, and the principal of an assignment of one is not known',
    ja: 'ディレクトリ ロールを除外していますが、そのロールの割り当ての 1 つのプリンシパルが不明です',
  },
  {
    en: 'it excludes directory roles, one of which group {{group}} holds, and the input does not list its members',
    ja: 'ディレクトリ ロールを除外しており、そのロールの 1 つをグループ {{group}} が持っていますが、入力にそのメンバーが含まれていません',
  },
  {
    en: 'it excludes directory roles, and {{reason}}',
    ja: 'ディレクトリ ロールを除外しています。また、{{reason}}',
  },
  {
    en: 'it excludes guests and external users, and the input does not say whether {{user}}, who can sign in to the VM, is one',
    ja: 'ゲストと外部ユーザーを除外していますが、VM にサインインできる {{user}} がそれに当たるかどうか入力から分かりません',
  },
  {
    en: 'it has exclusions, and {{reason}}',
    ja: '除外があります。また、{{reason}}',
  },

  // AZV-IAM-014 vm-identity-privileges
  {
    en: 'role definition {{role}} is not in the input and is not a built-in role azvmsec knows: it may be a custom role as powerful as Owner',
    ja: 'ロール定義 {{role}} は入力になく、azvmsec が知っている組み込みロールでもありません。所有者と同等の権限を持つカスタム ロールである可能性があります',
  },
  {
    en: 'the VM has no managed identity',
    ja: 'VM にマネージド ID がありません',
  },
  {
    en: 'whether "{{vm}}" has a system-assigned identity is not known ({{reason}}): if it has, that identity may hold a broad role',
    ja: '"{{vm}}" にシステム割り当てマネージド ID があるかどうか不明です（{{reason}}）。ある場合、その ID が広範なロールを保持している可能性があります',
  },
  {
    en: 'the principal id of VM "{{vm}}"\'s system-assigned identity is known only after deployment',
    ja: 'VM "{{vm}}" のシステム割り当てマネージド ID のプリンシパル ID はデプロイ後にしか分かりません',
  },
  {
    en: 'the principal id of identity {{identity}} is known only after deployment',
    ja: 'マネージド ID {{identity}} のプリンシパル ID はデプロイ後にしか分かりません',
  },
  {
    en: 'the principal id of identity {{identity}} is not in the input',
    ja: 'マネージド ID {{identity}} のプリンシパル ID が入力にありません',
  },

  // AZV-MON-001 defender-servers, -003 vulnerability-assessment, -004 defender-cspm, -005 defender-arm-key-vault
  // (the reasons of shared/defender-plans.ts are in compute.ts)
  {
    en: 'another Defender plan',
    ja: '別の Defender プランです',
  },
  // AZV-MON-003: a subscription whose Defender for Servers plan does not cover every machine (resourcesCoverageStatus)
  {
    en: 'Defender for Servers does not cover every machine of subscription {{subscription}} (resourcesCoverageStatus {{status}}), and agentless scanning comes with its Plan 2 only: the resource-level pricing of {{count}} machine(s) was not read ({{machines}}): {{reason}}',
    ja: 'サブスクリプション {{subscription}} の Defender for Servers はすべてのマシンを対象としておらず（resourcesCoverageStatus {{status}}）、エージェントレス スキャンはそのプラン 2 でのみ有効です。{{count}} 台のマシンのリソース レベルの価格設定を読み取っていません（{{machines}}）: {{reason}}',
  },
  {
    en: 'Defender for Servers does not cover every machine of subscription {{subscription}} (resourcesCoverageStatus {{status}}), and agentless scanning comes with its Plan 2 only: the resource-level pricing of {{count}} machine(s) was not read ({{machines}})',
    ja: 'サブスクリプション {{subscription}} の Defender for Servers はすべてのマシンを対象としておらず（resourcesCoverageStatus {{status}}）、エージェントレス スキャンはそのプラン 2 でのみ有効です。{{count}} 台のマシンのリソース レベルの価格設定を読み取っていません（{{machines}}）',
  },

  // AZV-MON-002 defender-endpoint-integration
  {
    en: 'the input has no Defender for Cloud settings (Microsoft.Security/settings) for subscription {{subscription}}',
    ja: '入力にサブスクリプション {{subscription}} の Defender for Cloud 設定（Microsoft.Security/settings）がありません',
  },
  {
    en: 'another Defender for Cloud setting',
    ja: 'Defender for Cloud の別の設定です',
  },

  // AZV-MON-013 activity-log-export
  {
    en: 'a diagnostic setting of a resource, not of the subscription',
    ja: 'サブスクリプションではなく、リソースの診断設定です',
  },

  // AZV-MON-015 entra-log-export
  {
    en: 'assessed on the Entra tenant',
    ja: 'Entra テナントで評価されます',
  },

  // AZV-MON-017 log-retention-key-vault-audit
  {
    en: 'not a Sentinel (SIEM) workspace',
    ja: 'Sentinel（SIEM）ワークスペースではありません',
  },
  {
    en: 'the Key Vault holds no disk or backup keys in the input',
    ja: '入力の中で、この Key Vault はディスクやバックアップのキーを保持していません',
  },

  // AZV-MON-007 mcsb-initiative
  {
    en: 'the input does not show the management groups subscription {{subscription}} sits under (Resource Graph resourcecontainers managementGroupAncestorsChain), so an assignment at management group {{group}} may or may not cover it',
    ja: '入力からはサブスクリプション {{subscription}} が属する管理グループが分かりません（Resource Graph の resourcecontainers の managementGroupAncestorsChain）。そのため、管理グループ {{group}} での割り当てがこのサブスクリプションに適用されるかどうか分かりません',
  },
  {
    en: 'the input does not show the management groups subscription {{subscription}} sits under (Resource Graph resourcecontainers managementGroupAncestorsChain), so assignment {{assignment}}, which excludes management group {{group}} (notScopes), may or may not cover it',
    ja: '入力からはサブスクリプション {{subscription}} が属する管理グループが分かりません（Resource Graph の resourcecontainers の managementGroupAncestorsChain）。そのため、管理グループ {{group}} を除外（notScopes）している割り当て {{assignment}} がこのサブスクリプションに適用されるかどうか分かりません',
  },
  // AZV-IAM-012 standing-privileged-access
  {
    en: 'principal {{principal}} holds {{role}} at {{scope}}, and the input does not say whether it is a user, a group or a service principal',
    ja: 'プリンシパル {{principal}} が {{scope}} で {{role}} を保持していますが、ユーザー、グループ、サービス プリンシパルのどれであるか入力から分かりません',
  },
  {
    en: "the assignment that exemption '{{name}}' applies to is not known ({{reason}})",
    ja: "除外 '{{name}}' の対象の割り当てが不明です（{{reason}}）",
  },
  {
    en: "the policies exemption '{{name}}' applies to are not known ({{reason}})",
    ja: "除外 '{{name}}' の対象のポリシーが不明です（{{reason}}）",
  },
  {
    en: 'another policy or initiative',
    ja: '別のポリシーまたはイニシアチブです',
  },

  // AZV-MON-016 monitor-agent-dcr
  {
    en: 'data collection rule {{rule}} is not in the input',
    ja: 'データ収集ルール {{rule}} が入力にありません',
  },

  // AZV-MON-011 network-watcher
  {
    en: 'virtual network "{{vnet}}" has no location',
    ja: '仮想ネットワーク "{{vnet}}" に location がありません',
  },
  {
    en: 'the input holds no Network Watcher and not the subscription it would be in; Azure creates one per region automatically unless that is turned off, which a snapshot of the whole subscription or a live scan shows',
    ja: '入力には Network Watcher も、それが属するはずのサブスクリプションも含まれていません。Azure は無効にされていない限りリージョンごとに自動で作成します。それはサブスクリプション全体のスナップショットまたはライブ スキャンで分かります',
  },

  // AZV-MON-009 sentinel-data-sources
  {
    en: 'the workspace is not onboarded to Microsoft Sentinel',
    ja: 'ワークスペースは Microsoft Sentinel にオンボードされていません',
  },
  {
    en: 'the input lists no Sentinel data connectors for workspace {{workspace}}; Content Hub connectors may not appear as dataConnectors',
    ja: '入力にはワークスペース {{workspace}} の Sentinel データ コネクタがありません。コンテンツ ハブのコネクタは dataConnectors として現れないことがあります',
  },

  // AZV-MON-008 sentinel-workspace
  {
    en: 'Sentinel is enabled, but whether the Activity Log reaches it is not known: {{reason}}',
    ja: 'Sentinel は有効ですが、アクティビティ ログがそこへ届くかどうか分かりません: {{reason}}',
  },
  {
    en: '{{reason}} (workspace {{workspace}})',
    ja: '{{reason}}（ワークスペース {{workspace}}）',
  },

  // AZV-MON-012 vnet-flow-logs
  {
    en: 'no VM network interface in this virtual network',
    ja: 'この仮想ネットワークには VM のネットワーク インターフェイスがありません',
  },
  {
    en: 'whether flow log "{{flowLog}}" keeps data only {{days}} days is not known: {{reason}}',
    ja: 'フローログ "{{flowLog}}" の保持期間が {{days}} 日だけかどうかは不明です: {{reason}}',
  },

  // AZV-MON-010 defender-xdr-evidence
  {
    en: `the prerequisites are in place but {{count}} of {{total}} VMs show no MDE extension (onboarding by GPO, Intune or script leaves none; AZV-VM-001); ${XDR_ATTEST.en}`,
    ja: `前提条件はそろっていますが、{{total}} 台中 {{count}} 台の VM に MDE 拡張機能がありません（GPO、Intune、スクリプトによるオンボードでは拡張機能が残りません。AZV-VM-001）。${XDR_ATTEST.ja}`,
  },
  {
    en: `the prerequisites are in place but {{count}} of {{total}} VMs show no MDE extension or have extensions that cannot be read ({{reason}}); onboarding by GPO, Intune or script leaves no extension (AZV-VM-001); ${XDR_ATTEST.en}`,
    ja: `前提条件はそろっていますが、{{total}} 台中 {{count}} 台の VM に MDE 拡張機能がないか、拡張機能を読み取れません（{{reason}}）。GPO、Intune、スクリプトによるオンボードでは拡張機能が残りません（AZV-VM-001）。${XDR_ATTEST.ja}`,
  },
  {
    en: `{{reason}}; and ${XDR_ATTEST.en}`,
    ja: `{{reason}}。また、${XDR_ATTEST.ja}`,
  },

  // AZV-MON-018 exposure-management
  {
    en: `subscription {{subscription}}: whether Defender CSPM is on cannot be read; ${EXPOSURE_ATTEST.en}`,
    ja: `サブスクリプション {{subscription}}: Defender CSPM が有効かどうかを読み取れません。${EXPOSURE_ATTEST.ja}`,
  },
  {
    en: `subscription {{subscription}}: its prerequisite Defender CSPM is on; ${EXPOSURE_ATTEST.en}`,
    ja: `サブスクリプション {{subscription}}: 前提条件の Defender CSPM は有効です。${EXPOSURE_ATTEST.ja}`,
  },
  {
    en: `subscription {{subscription}}: its prerequisite Defender CSPM is off (AZV-MON-004), so attack paths and the exposure graph lack cloud context; ${EXPOSURE_ATTEST.en}`,
    ja: `サブスクリプション {{subscription}}: 前提条件の Defender CSPM が無効なため（AZV-MON-004）、攻撃パスと露出グラフにクラウドのコンテキストがありません。${EXPOSURE_ATTEST.ja}`,
  },

  // AZV-MON-019 security-copilot-capacity
  {
    en: `no Security Copilot capacity (Microsoft.SecurityCopilot/capacities) is in the input; ${COPILOT_ATTEST.en}`,
    ja: `入力に Security Copilot の容量（Microsoft.SecurityCopilot/capacities）がありません。${COPILOT_ATTEST.ja}`,
  },
  {
    en: `Security Copilot capacity "{{capacity}}" has no Security Compute Units; ${COPILOT_ATTEST.en}`,
    ja: `Security Copilot の容量 "{{capacity}}" にはセキュリティ コンピューティング ユニットがありません。${COPILOT_ATTEST.ja}`,
  },
];

/** Phrases rules of this area put in finding data (their `phrases`), rendered only there. */
export const IDENTITY_MONITORING_PHRASES: readonly ReasonTemplate[] = [
  // Phrases in finding messages
  // shared/conditional-access.ts (AZV-IAM-001, -002, -003, -004, -006, -007): {{exclusions}}, the broad
  // exclusions of a policy (analyses/identity/conditional-access.ts), in this order and joined by ", ":
  // roles, users, groups, guests, applications. A list is read item by item from its start; a count at
  // the start of a template matches up to the first " users, " of the text, which may be the guests', so
  // the lists where that comes before another noun are listed before.
  { en: 'guests and external users, {{reasonRest}}', ja: 'ゲストと外部ユーザー、{{reasonRest}}' },
  { en: '1 role, {{reasonRest}}', ja: 'ロール 1 個、{{reasonRest}}' },
  { en: '1 user, {{reasonRest}}', ja: 'ユーザー 1 人、{{reasonRest}}' },
  { en: '1 group, {{reasonRest}}', ja: 'グループ 1 個、{{reasonRest}}' },
  { en: '{{count}} roles, {{reasonRest}}', ja: 'ロール {{count}} 個、{{reasonRest}}' },
  {
    en: '{{count}} users, {{groups}} groups, guests and external users, {{reasonRest}}',
    ja: 'ユーザー {{count}} 人、グループ {{groups}} 個、ゲストと外部ユーザー、{{reasonRest}}',
  },
  { en: '{{count}} groups, guests and external users, {{reasonRest}}', ja: 'グループ {{count}} 個、ゲストと外部ユーザー、{{reasonRest}}' },
  { en: '{{count}} users, {{reasonRest}}', ja: 'ユーザー {{count}} 人、{{reasonRest}}' },
  { en: '{{count}} groups, {{reasonRest}}', ja: 'グループ {{count}} 個、{{reasonRest}}' },
  { en: 'guests and external users', ja: 'ゲストと外部ユーザー' },
  { en: '1 role', ja: 'ロール 1 個' },
  { en: '{{count}} roles', ja: 'ロール {{count}} 個' },
  { en: '1 user', ja: 'ユーザー 1 人' },
  { en: '{{count}} users', ja: 'ユーザー {{count}} 人' },
  { en: '1 group', ja: 'グループ 1 個' },
  { en: '{{count}} groups', ja: 'グループ {{count}} 個' },
  { en: '1 application', ja: 'アプリケーション 1 個' },
  { en: '{{count}} applications', ja: 'アプリケーション {{count}} 個' },
  // AZV-IAM-003 mfa-azure-management: {{target}}
  { en: 'Azure management', ja: 'Azure 管理' },
  { en: 'Microsoft admin portals', ja: 'Microsoft 管理ポータル' },
  // AZV-IAM-008 legacy-risk-policies-migrated: {{missing}}
  { en: 'user risk and sign-in risk', ja: 'ユーザー リスクとサインイン リスク' },
  { en: 'user risk', ja: 'ユーザー リスク' },
  { en: 'sign-in risk', ja: 'サインイン リスク' },
  // AZV-IAM-010 subscription-owners: {{kind}}
  { en: 'Guest', ja: 'ゲスト' },
  { en: 'Disabled account', ja: '無効化されたアカウント' },
  // AZV-MON-009 sentinel-data-sources: {{source}}
  { en: 'Microsoft Defender XDR', ja: 'Microsoft Defender XDR' },
  { en: 'Microsoft Defender for Cloud', ja: 'Microsoft Defender for Cloud' },
  { en: 'Microsoft Entra ID sign-in and audit logs', ja: 'Microsoft Entra ID のサインイン ログと監査ログ' },
  { en: 'Azure Activity', ja: 'Azure アクティビティ' },
  { en: 'Windows Security events / Syslog via AMA', ja: 'AMA 経由の Windows セキュリティ イベント／Syslog' },
  // AZV-MON-010 defender-xdr-evidence: {{evidence}}, joined by "; "
  {
    en: 'the Defender for Endpoint integration (WDATP) is off (AZV-MON-002); no Sentinel workspace has the Microsoft Defender XDR connector (AZV-MON-009)',
    ja: 'Defender for Endpoint 連携（WDATP）が無効で（AZV-MON-002）、Microsoft Defender XDR コネクタを持つ Sentinel ワークスペースもありません（AZV-MON-009）',
  },
  {
    en: 'the Defender for Endpoint integration (WDATP) is off (AZV-MON-002)',
    ja: 'Defender for Endpoint 連携（WDATP）が無効です（AZV-MON-002）',
  },
  {
    en: 'no Sentinel workspace has the Microsoft Defender XDR connector (AZV-MON-009)',
    ja: 'Microsoft Defender XDR コネクタを持つ Sentinel ワークスペースがありません（AZV-MON-009）',
  },
  // AZV-MON-014 activity-log-alerts: {{why}}
  { en: 'is disabled', ja: '無効になっている' },
  { en: 'has no action group', ja: 'アクション グループがない' },
  // AZV-IAM-009 password-protection {{mode}}: on premises off, or its mode when on
  { en: 'off', ja: 'オフ' },
  { en: 'Audit', ja: '監査モード（Audit）' },
];
