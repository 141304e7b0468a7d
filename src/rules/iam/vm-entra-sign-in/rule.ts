import { evaluateConditionalAccess } from '../../../analyses/identity/conditional-access.js';
import { entraTenants } from '../../../model/entra.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { vmExtensions } from '../../shared/compute.js';
import { anyEnabled } from '../../shared/conditional-access.js';
import { readSection, securityDefaultsEnabled } from '../../shared/entra.js';

/** The Entra application each login extension signs in to, the one Conditional Access must target. */
const VM_SIGN_IN_APPS: Readonly<Record<string, string>> = {
  /** Microsoft Azure Windows Virtual Machine Sign-in. */
  aadloginforwindows: '372140e0-b3b7-4226-8ef9-d57986796201',
  /** Azure Linux VM Sign-In. */
  aadsshloginforlinux: 'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0',
};
const LOGIN_EXTENSIONS = /^(aadloginforwindows|aadsshloginforlinux)$/i;

export default defineRule({
  id: 'AZV-IAM-013',
  name: 'vm-entra-sign-in',
  pillar: 'IAM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  title: {
    en: 'VM sign-in uses Microsoft Entra ID + Azure RBAC, and principals with VM access have MFA',
    ja: 'VM へのサインインに Microsoft Entra ID と Azure RBAC を使用し、VM アクセス権を持つプリンシパルは MFA 対応済み',
  },
  fix: {
    en: 'Install AADLoginForWindows / AADSSHLoginForLinux (publisher Microsoft.Azure.ActiveDirectory) with a system-assigned identity, grant Virtual Machine Administrator/User Login, and require MFA with Conditional Access.',
    ja: 'システム割り当てマネージド ID とともに AADLoginForWindows／AADSSHLoginForLinux（発行元 Microsoft.Azure.ActiveDirectory）を導入し、仮想マシン管理者／ユーザー ログイン ロールを付与し、条件付きアクセスで MFA を要求します。',
  },
  messages: {
    noEntraLogin: {
      en: 'VM "{{vm}}" has no Microsoft Entra login extension: sign-in uses local accounts that Conditional Access and MFA cannot protect.',
      ja: 'VM "{{vm}}" に Microsoft Entra ログイン拡張機能がありません。サインインはローカル アカウントで行われ、条件付きアクセスと MFA で保護できません。',
    },
    noMfa: {
      en: 'VM "{{vm}}" accepts Microsoft Entra sign-in, but no enabled Conditional Access policy requires MFA for it.',
      ja: 'VM "{{vm}}" は Microsoft Entra サインインを受け付けますが、それに MFA を要求する有効な条件付きアクセス ポリシーがありません。',
    },
  },
  mappings: {
    'mcsb-v1': ['IM-1', 'IM-6'],
    'cis-azure-5.0.0': ['3.1.1'],
    'cis-azure-3.0.0': ['8.10'],
  },
  check(vm, context) {
    const extensions = vmExtensions(context.graph, vm);
    if (isUnknown(extensions)) return context.unknown(extensions.reason);
    const login = extensions.find((e) => typeof e.type === 'string' && LOGIN_EXTENSIONS.test(e.type));
    if (!login) {
      const pending = extensions.find((e) => isUnknown(e.type));
      if (pending && isUnknown(pending.type)) return context.unknown(pending.type.reason);
      context.report('noEntraLogin', { vm: vm.name });
      return;
    }
    // MFA for everyone who can sign in: a Conditional Access policy for all users covering the sign-in app of this VM's extension.
    const tenant = entraTenants(context.graph)[0];
    if (!tenant) return context.unknown("Entra login is installed; whether MFA is required needs the tenant's Conditional Access policies (scan a snapshot)");
    const defaults = securityDefaultsEnabled(tenant);
    if (defaults === true) return;
    const section = readSection(tenant, 'conditionalAccessPolicies');
    if ('missing' in section) return context.notAssessed(section.missing);
    const verdict = evaluateConditionalAccess(section.value, {
      users: { kind: 'all-users' },
      applications: [VM_SIGN_IN_APPS[String(login.type).toLowerCase()] ?? 'All'],
      clientAppTypes: [],
      grant: 'mfa',
      breakGlassAccounts: Number.MAX_SAFE_INTEGER,
    });
    if (isUnknown(verdict)) return context.unknown(verdict.reason);
    if (verdict.outcome === 'enforced' || verdict.outcome === 'excluded') return;
    // Security defaults would require MFA, and a tenant with them on has no Conditional Access policies to find
    // (an enabled policy shows that they are off).
    if (defaults === undefined && !anyEnabled(section.value)) {
      const read = readSection(tenant, 'securityDefaults');
      const why = 'no enabled Conditional Access policy requires MFA for VM sign-in, and security defaults, which would, cannot be read';
      return 'missing' in read
        ? context.notAssessed(`${why}: ${read.missing}`)
        : context.unknown(`${why}: identitySecurityDefaultsEnforcementPolicy does not say whether they are enabled`);
    }
    context.report('noMfa', { vm: vm.name }, { resource: tenant, at: '/properties/conditionalAccessPolicies' });
  },
});
