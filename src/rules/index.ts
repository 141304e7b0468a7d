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
