// The registry of every rule, sorted by id. A test checks the order and that every rule folder is listed.
import type { Rule } from './define-rule.js';
import conn001 from './conn/bastion-coverage/rule.js';
import conn002 from './conn/bastion-hardening/rule.js';
import conn003 from './conn/management-source-restricted/rule.js';
import conn004 from './conn/jit-management-ports/rule.js';
import conn005 from './conn/jit-port-scope/rule.js';
import conn006 from './conn/vpn-gateway-auth/rule.js';
import conn007 from './conn/ipsec-policy/rule.js';
import conn008 from './conn/expressroute-encryption/rule.js';
import iam001 from './iam/mfa-all-users/rule.js';
import iam002 from './iam/phishing-resistant-mfa-admins/rule.js';
import iam003 from './iam/mfa-azure-management/rule.js';
import iam004 from './iam/legacy-authentication-blocked/rule.js';
import iam005 from './iam/security-defaults/rule.js';
import iam006 from './iam/user-risk-policy/rule.js';
import iam007 from './iam/sign-in-risk-policy/rule.js';
import iam008 from './iam/legacy-risk-policies-migrated/rule.js';
import iam009 from './iam/password-protection/rule.js';
import iam010 from './iam/subscription-owners/rule.js';
import iam011 from './iam/custom-role-wildcard/rule.js';
import iam012 from './iam/standing-privileged-access/rule.js';
import iam013 from './iam/vm-entra-sign-in/rule.js';
import iam014 from './iam/vm-identity-privileges/rule.js';
import mon001 from './mon/defender-servers/rule.js';
import mon002 from './mon/defender-endpoint-integration/rule.js';
import mon003 from './mon/vulnerability-assessment/rule.js';
import mon004 from './mon/defender-cspm/rule.js';
import mon005 from './mon/defender-arm-key-vault/rule.js';
import mon006 from './mon/security-contacts/rule.js';
import mon007 from './mon/mcsb-initiative/rule.js';
import mon008 from './mon/sentinel-workspace/rule.js';
import mon009 from './mon/sentinel-data-sources/rule.js';
import mon010 from './mon/defender-xdr-evidence/rule.js';
import mon011 from './mon/network-watcher/rule.js';
import mon012 from './mon/vnet-flow-logs/rule.js';
import mon013 from './mon/activity-log-export/rule.js';
import mon014 from './mon/activity-log-alerts/rule.js';
import mon015 from './mon/entra-log-export/rule.js';
import mon016 from './mon/monitor-agent-dcr/rule.js';
import mon017 from './mon/log-retention-key-vault-audit/rule.js';
import mon018 from './mon/exposure-management/rule.js';
import mon019 from './mon/security-copilot-capacity/rule.js';
import net001 from './net/vm-nic-nsg/rule.js';
import net002 from './net/management-ports-internet/rule.js';
import net003 from './net/internet-all-ports/rule.js';
import net004 from './net/high-risk-ports-internet/rule.js';
import net005 from './net/vm-nic-public-ip/rule.js';
import net006 from './net/lb-management-ports/rule.js';
import net007 from './net/firewall-dnat-management/rule.js';
import net008 from './net/subnet-nsg/rule.js';
import net009 from './net/lateral-movement/rule.js';
import net010 from './net/nic-ip-forwarding/rule.js';
import net011 from './net/egress-control/rule.js';
import net012 from './net/default-outbound-access/rule.js';
import net013 from './net/firewall-threat-intel/rule.js';
import net014 from './net/firewall-premium-idps/rule.js';
import net015 from './net/firewall-policy-management/rule.js';
import net016 from './net/forced-tunnelling/rule.js';
import net017 from './net/paas-private-access/rule.js';
import net018 from './net/ddos-protection/rule.js';
import net019 from './net/web-waf-front/rule.js';
import net020 from './net/waf-policy-mode/rule.js';
import net021 from './net/front-door-cdn/rule.js';
import net022 from './net/nva-inventory/rule.js';
import rec001 from './rec/vm-backup/rule.js';
import rec002 from './rec/backup-policy/rule.js';
import rec003 from './rec/vault-soft-delete/rule.js';
import rec004 from './rec/vault-immutability/rule.js';
import rec005 from './rec/vault-multi-user-authorization/rule.js';
import rec006 from './rec/vault-storage-redundancy/rule.js';
import rec007 from './rec/vault-access-hardening/rule.js';
import rec008 from './rec/key-vault-recoverable/rule.js';
import rec009 from './rec/key-vault-key-management/rule.js';
import rec010 from './rec/delete-locks/rule.js';
import vm001 from './vm/defender-endpoint/rule.js';
import vm002 from './vm/managed-disks/rule.js';
import vm003 from './vm/disk-customer-managed-keys/rule.js';
import vm004 from './vm/encryption-at-host/rule.js';
import vm005 from './vm/azure-disk-encryption-retirement/rule.js';
import vm006 from './vm/trusted-launch/rule.js';
import vm007 from './vm/guest-attestation/rule.js';
import vm008 from './vm/confidential-os-disk-encryption/rule.js';
import vm009 from './vm/automatic-guest-patching/rule.js';
import vm010 from './vm/periodic-update-assessment/rule.js';
import vm011 from './vm/maintenance-configuration/rule.js';
import vm012 from './vm/patch-compliance/rule.js';
import vm013 from './vm/linux-password-authentication/rule.js';
import vm014 from './vm/disk-network-access/rule.js';
import vm015 from './vm/credentials-in-vm-data/rule.js';
import vm016 from './vm/approved-extensions/rule.js';

export const RULES: readonly Rule[] = [
  conn001,
  conn002,
  conn003,
  conn004,
  conn005,
  conn006,
  conn007,
  conn008,
  iam001,
  iam002,
  iam003,
  iam004,
  iam005,
  iam006,
  iam007,
  iam008,
  iam009,
  iam010,
  iam011,
  iam012,
  iam013,
  iam014,
  mon001,
  mon002,
  mon003,
  mon004,
  mon005,
  mon006,
  mon007,
  mon008,
  mon009,
  mon010,
  mon011,
  mon012,
  mon013,
  mon014,
  mon015,
  mon016,
  mon017,
  mon018,
  mon019,
  net001,
  net002,
  net003,
  net004,
  net005,
  net006,
  net007,
  net008,
  net009,
  net010,
  net011,
  net012,
  net013,
  net014,
  net015,
  net016,
  net017,
  net018,
  net019,
  net020,
  net021,
  net022,
  rec001,
  rec002,
  rec003,
  rec004,
  rec005,
  rec006,
  rec007,
  rec008,
  rec009,
  rec010,
  vm001,
  vm002,
  vm003,
  vm004,
  vm005,
  vm006,
  vm007,
  vm008,
  vm009,
  vm010,
  vm011,
  vm012,
  vm013,
  vm014,
  vm015,
  vm016,
];

export function findRule(id: string): Rule | undefined {
  const wanted = id.toUpperCase();
  return RULES.find((rule) => rule.id === wanted || rule.name === id.toLowerCase());
}
