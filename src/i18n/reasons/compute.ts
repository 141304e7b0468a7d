import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: Rules of point 3 (the VM itself) and of recovery, and their shared helpers. */
export const COMPUTE: readonly ReasonTemplate[] = [
  // shared/compute.ts
  {
    en: 'scale set without a VM model: its VMs are checked one by one',
    ja: 'VM モデルのないスケール セットです。その VM は個別に確認されます',
  },
  {
    en: 'the template does not say whether the VM runs Linux or Windows',
    ja: 'VM の OS が Linux か Windows かがテンプレートから分かりません',
  },
  // shared/scale-sets.ts
  {
    en: 'its VMs in the input are checked one by one',
    ja: 'このスケール セットの VM は入力にあり、個別に確認されます',
  },
  // shared/defender-plans.ts
  {
    en: 'the subscription has no virtual machines',
    ja: 'サブスクリプションに仮想マシンがありません',
  },
  {
    en: 'the input has no Defender for Cloud plans (Microsoft.Security/pricings) for subscription {{subscription}}',
    ja: '入力にサブスクリプション {{subscription}} の Defender for Cloud プラン（Microsoft.Security/pricings）がありません',
  },
  {
    en: 'assessed on its subscription',
    ja: 'そのサブスクリプションで評価されます',
  },
  {
    en: 'a resource-level pricing: it covers one machine, not the subscription',
    ja: 'リソース レベルの価格設定です。対象は 1 台のマシンで、サブスクリプションではありません',
  },
  // shared/maintenance.ts (AZV-VM-009, AZV-VM-010, AZV-VM-011)
  {
    en: 'the VM uses Customer Managed Schedules (bypassPlatformSafetyChecksOnUserSchedule true), so the platform no longer patches it and only an Update Manager schedule does; the template assigns none, and one assigned elsewhere (a dynamic scope, another deployment) shows only in a live scan or a snapshot',
    ja: 'VM はカスタマー管理スケジュール（bypassPlatformSafetyChecksOnUserSchedule が true）を使用しているため、プラットフォームによる修正プログラム適用は行われず、Update Manager のスケジュールだけが適用します。テンプレートはスケジュールを割り当てておらず、別の場所（動的スコープ、別のデプロイ）で割り当てられたスケジュールはライブスキャンまたはスナップショットでしか分かりません',
  },
  {
    en: 'Azure Update Manager does not support scale sets, which are kept up to date by automatic OS image upgrades (AZV-VM-009); the VMs of a Flexible scale set are checked one by one',
    ja: 'Azure Update Manager はスケール セットに対応していません。スケール セットは OS イメージの自動アップグレードで最新に保ちます（AZV-VM-009）。Flexible スケール セットの VM は個別に確認されます',
  },

  // AZV-VM-001 defender-endpoint
  {
    en: 'the template declares no Defender for Endpoint extension, and Defender for Servers deploys it outside templates: only a live scan or a snapshot shows whether it runs',
    ja: 'テンプレートは Defender for Endpoint 拡張機能を宣言しておらず、Defender for Servers はこれをテンプレートの外で展開します。動作しているかはライブスキャンまたはスナップショットでしか分かりません',
  },
  // AZV-VM-003 disk-customer-managed-keys
  {
    en: 'attached to {{vm}}, which is checked instead',
    ja: '{{vm}} に接続されているため、代わりに {{vm}} を確認します',
  },
  {
    en: 'unmanaged VHD disks cannot use a disk encryption set (AZV-VM-002)',
    ja: 'アンマネージド VHD ディスクではディスク暗号化セットを使用できません（AZV-VM-002）',
  },
  // AZV-VM-004 encryption-at-host
  {
    en: 'confidential VM with confidential OS disk encryption',
    ja: '機密 OS ディスク暗号化を使用する機密 VM です',
  },
  // AZV-VM-006 trusted-launch (the Trusted Launch as default reason of shared/compute.ts: AZV-VM-007 too)
  {
    en: 'securityType is not set, and from API version {{version}} Azure gives a new Generation 2 VM Trusted Launch when its image and size support it (Trusted Launch as default)',
    ja: 'securityType が指定されていません。API バージョン {{version}} 以降では、イメージとサイズが対応していれば Azure は新しい第 2 世代 VM にトラステッド起動を適用します（Trusted Launch as default）',
  },
  {
    en: 'Generation 1 OS disk: Trusted Launch needs a Generation 2 VM',
    ja: '第 1 世代の OS ディスクです。トラステッド起動には第 2 世代の VM が必要です',
  },
  {
    en: 'Generation 1 image: Trusted Launch needs a Generation 2 VM',
    ja: '第 1 世代のイメージです。トラステッド起動には第 2 世代の VM が必要です',
  },
  // AZV-VM-007 guest-attestation
  {
    en: 'security type {{securityType}}: no vTPM to attest (AZV-VM-006)',
    ja: 'セキュリティの種類が {{securityType}} のため、構成証明する vTPM がありません（AZV-VM-006）',
  },
  {
    en: 'uefiSettings.{{setting}} is not true: attestation needs Secure Boot and vTPM (AZV-VM-006)',
    ja: 'uefiSettings.{{setting}} が true ではありません。構成証明にはセキュアブートと vTPM が必要です（AZV-VM-006）',
  },
  // AZV-VM-008 confidential-os-disk-encryption
  {
    en: 'not tagged {{tag}}={{values}}',
    ja: 'タグ {{tag}}={{values}} が付いていません',
  },
  // AZV-VM-009 automatic-guest-patching
  {
    en: 'the VM boots from an attached OS disk: the guest keeps the patching it had',
    ja: 'VM は既存の OS ディスクを接続して起動するため、ゲストの修正プログラム適用は元の設定のままです',
  },
  {
    en: 'the scale set uses Customer Managed Schedules (bypassPlatformSafetyChecksOnUserSchedule true): Update Manager schedules are assigned to its VMs, which are checked one by one',
    ja: 'スケール セットはカスタマー管理スケジュール（bypassPlatformSafetyChecksOnUserSchedule が true）を使用しています。Update Manager のスケジュールはその VM に割り当てられ、VM は個別に確認されます',
  },
  // AZV-VM-010 periodic-update-assessment
  {
    en: 'the VM boots from an attached OS disk and has no OS profile to set assessment on',
    ja: 'VM は既存の OS ディスクを接続して起動し、評価モードを設定する OS プロファイルがありません',
  },
  // AZV-VM-011 maintenance-configuration
  {
    en: 'the VM boots from an attached OS disk and has no OS profile to set the patch orchestration schedules need',
    ja: 'VM は既存の OS ディスクを接続して起動し、スケジュールに必要な修正プログラム適用の設定を行う OS プロファイルがありません',
  },
  // AZV-VM-012 patch-compliance
  {
    en: 'patch assessment results are kept per VM: Flexible scale set instances are assessed as VMs',
    ja: 'パッチ評価の結果は VM ごとに保持されます。Flexible スケール セットのインスタンスは VM として評価されます',
  },
  {
    en: 'Resource Graph holds no patch assessment result for the VM: it has not been assessed (periodic assessment off, AZV-VM-010; the VM stopped; or no VM agent)',
    ja: 'Resource Graph にこの VM のパッチ評価結果がありません。評価されていません（定期評価が無効（AZV-VM-010）、VM が停止している、または VM エージェントがない）',
  },
  {
    en: 'patch compliance is runtime state: only a live scan or a snapshot (Resource Graph patchassessmentresources) shows it',
    ja: 'パッチ準拠状況は実行時の状態で、ライブスキャンまたはスナップショット（Resource Graph の patchassessmentresources）でしか分かりません',
  },
  {
    en: 'the latest patch assessment of "{{vm}}" did not complete (status {{status}})',
    ja: '"{{vm}}" の最新のパッチ評価は完了していません（状態 {{status}}）',
  },
  {
    en: '{{count}} Critical/Security update(s) missing on "{{vm}}" have no publish date (publishedDateTime): whether they are more than {{days}} days old is not known',
    ja: '"{{vm}}" に適用されていない Critical／Security 更新 {{count}} 件には公開日（publishedDateTime）がなく、公開から {{days}} 日を超えているかどうか分かりません',
  },
  {
    en: 'the latest patch assessment of "{{vm}}" is older than {{days}} days (or undated): it proves nothing now',
    ja: '"{{vm}}" の最新のパッチ評価は {{days}} 日より古い（または日付がない）ため、現在の状態を示しません',
  },
  // AZV-VM-013 linux-password-authentication
  {
    en: 'Windows VM',
    ja: 'Windows VM です',
  },
  {
    en: 'the VM boots from an attached OS disk and has no provisioning profile',
    ja: 'VM は既存の OS ディスクを接続して起動し、プロビジョニング用のプロファイルがありません',
  },
  // AZV-VM-015 credentials-in-vm-data
  {
    en: "Azure never returns osProfile.customData: only userData and the extensions' public settings were checked for credentials",
    ja: 'Azure は osProfile.customData を返しません。資格情報を確認したのは userData と拡張機能の公開設定だけです',
  },
  {
    en: "Azure never returns osProfile.customData, and Resource Graph does not return userData (only a GET with $expand=userData does): only the extensions' public settings were checked for credentials",
    ja: 'Azure は osProfile.customData を返さず、Resource Graph は userData を返しません（返すのは $expand=userData を付けた GET だけです）。資格情報を確認したのは拡張機能の公開設定だけです',
  },
  {
    en: 'osProfile.customData{{path}} is nested deeper than {{depth}} levels',
    ja: 'osProfile.customData{{path}} は {{depth}} 階層より深く入れ子になっています',
  },
  {
    en: 'userData{{path}} is nested deeper than {{depth}} levels',
    ja: 'userData{{path}} は {{depth}} 階層より深く入れ子になっています',
  },
  {
    en: 'extension "{{extension}}" settings{{path}} is nested deeper than {{depth}} levels',
    ja: '拡張機能 "{{extension}}" の settings{{path}} は {{depth}} 階層より深く入れ子になっています',
  },
  {
    en: 'run command "{{command}}" source{{path}} is nested deeper than {{depth}} levels',
    ja: '実行コマンド "{{command}}" の source{{path}} は {{depth}} 階層より深く入れ子になっています',
  },
  {
    en: 'run command "{{command}}" parameters{{path}} is nested deeper than {{depth}} levels',
    ja: '実行コマンド "{{command}}" の parameters{{path}} は {{depth}} 階層より深く入れ子になっています',
  },

  // AZV-REC-001 vm-backup
  {
    en: 'Azure Backup protects VMs, not scale sets: Flexible scale set instances are protected as VMs',
    ja: 'Azure Backup が保護するのは VM で、スケール セットではありません。Flexible スケール セットのインスタンスは VM として保護されます',
  },
  {
    en: 'backup is configured; whether recent backups succeeded is runtime state that only a live scan or a snapshot shows',
    ja: 'バックアップは構成されています。直近のバックアップが成功したかは実行時の状態で、ライブスキャンまたはスナップショットでしか分かりません',
  },
  // AZV-REC-002 backup-policy
  {
    en: 'a non-VM backup policy',
    ja: 'VM 以外のバックアップポリシーです',
  },
  {
    en: 'backup policy for {{management}}',
    ja: '{{management}} のバックアップポリシーです',
  },
  {
    en: 'backup policies are assessed one by one',
    ja: 'バックアップポリシーは個別に評価されます',
  },
  {
    en: 'the subscription has no Recovery Services vaults',
    ja: 'サブスクリプションに Recovery Services コンテナーがありません',
  },
  // AZV-REC-009 key-vault-key-management, AZV-REC-010 delete-locks
  {
    en: 'holds no disk or backup encryption key in the input',
    ja: '入力の中で、ディスクやバックアップの暗号化キーを保持していません',
  },
  {
    en: 'the key of disk encryption set "{{set}}" is not in the scanned input',
    ja: 'ディスク暗号化セット "{{set}}" のキーはスキャンした入力にありません',
  },
  // shared/key-vault.ts (AZV-NET-017, AZV-REC-009, AZV-REC-010, AZV-MON-017)
  {
    en: "the Key Vault that {{type}} '{{name}}' takes its keys from is not known ({{reason}}): it may be this one",
    ja: "{{type}} '{{name}}' がキーを取得する Key Vault が不明です（{{reason}}）。この Key Vault である可能性があります",
  },
];

/** Phrases rules of this area put in finding data (their `phrases`), rendered only there. */
export const COMPUTE_PHRASES: readonly ReasonTemplate[] = [
  // Phrases in finding messages
  // AZV-VM-015 credentials-in-vm-data: {{property}}, where a credential is (listed before AZV-VM-005's
  // "extension {{extension}}", which matches an extension's settings too)
  { en: 'osProfile.customData', ja: 'カスタムデータ osProfile.customData' },
  { en: 'osProfile.customData{{path}}', ja: 'カスタムデータ osProfile.customData{{path}}' },
  { en: 'userData', ja: 'ユーザーデータ userData' },
  { en: 'userData{{path}}', ja: 'ユーザーデータ userData{{path}}' },
  { en: 'extension "{{extension}}" settings', ja: '拡張機能 "{{extension}}" の settings' },
  { en: 'extension "{{extension}}" settings{{path}}', ja: '拡張機能 "{{extension}}" の settings{{path}}' },
  { en: 'run command "{{command}}" source', ja: '実行コマンド "{{command}}" の source' },
  { en: 'run command "{{command}}" source{{path}}', ja: '実行コマンド "{{command}}" の source{{path}}' },
  { en: 'run command "{{command}}" parameters', ja: '実行コマンド "{{command}}" の parameters' },
  { en: 'run command "{{command}}" parameters{{path}}', ja: '実行コマンド "{{command}}" の parameters{{path}}' },
  // AZV-VM-015: {{kind}}, the kind of secret (shared/secrets.ts)
  { en: 'private key', ja: '秘密鍵' },
  { en: 'storage account key', ja: 'ストレージ アカウント キー' },
  { en: 'connection string', ja: '接続文字列' },
  { en: 'SAS token', ja: 'SAS トークン' },
  { en: 'AWS access key', ja: 'AWS アクセスキー' },
  { en: 'client secret', ja: 'クライアントシークレット' },
  { en: 'password', ja: 'パスワード' },
  // AZV-VM-015: {{source}}, what gives a credential known only at deployment (the `credential` of an
  // Unknown: inputs/arm/expand.ts, inputs/arm-expr/runtime-view.ts, inputs/terraform/module.ts)
  { en: "'{{member}}' of reference() to '{{resource}}'", ja: "'{{resource}}' への reference() の '{{member}}'" },
  { en: "{{function}}() of '{{resource}}'", ja: "'{{resource}}' の {{function}}()" },
  { en: "secure parameter '{{name}}'", ja: "セキュアパラメーター '{{name}}'" },
  { en: "parameter '{{name}}'", ja: "パラメーター '{{name}}'" },
  { en: "sensitive variable '{{name}}'", ja: "sensitive 指定の変数 '{{name}}'" },
  { en: "variable '{{name}}'", ja: "変数 '{{name}}'" },
  // ... and an attribute of a Terraform resource or data source
  { en: 'attribute {{address}}', ja: '属性 {{address}}' },
  { en: 'data source {{address}}', ja: 'データソース {{address}}' },
  // AZV-VM-005 azure-disk-encryption-retirement: {{evidence}}
  { en: 'encryptionSettingsCollection', ja: 'encryptionSettingsCollection が有効' },
  { en: 'osDisk.encryptionSettings', ja: 'osDisk.encryptionSettings が有効' },
  { en: 'extension {{extension}}', ja: '拡張機能 {{extension}}' },
  // AZV-REC-009 key-vault-key-management: {{missing}}, joined by "; "
  {
    en: 'rotationToLatestKeyVersionEnabled is not true; key "{{key}}" has no rotation policy',
    ja: 'rotationToLatestKeyVersionEnabled が true ではなく、キー "{{key}}" にローテーションポリシーもありません',
  },
  { en: 'rotationToLatestKeyVersionEnabled is not true', ja: 'rotationToLatestKeyVersionEnabled が true ではありません' },
  { en: 'key "{{key}}" has no rotation policy', ja: 'キー "{{key}}" にローテーションポリシーがありません' },
];
