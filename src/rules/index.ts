// The registry of every rule, sorted by id. A test checks the order and that every rule folder is listed.
import type { Rule } from './define-rule.js';
import conn003 from './conn/management-source-restricted/rule.js';
import conn004 from './conn/jit-management-ports/rule.js';
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
import vm002 from './vm/managed-disks/rule.js';
import vm004 from './vm/encryption-at-host/rule.js';
import vm006 from './vm/trusted-launch/rule.js';
import vm013 from './vm/linux-password-authentication/rule.js';

export const RULES: readonly Rule[] = [
  conn003,
  conn004,
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
  vm002,
  vm004,
  vm006,
  vm013,
];

export function findRule(id: string): Rule | undefined {
  const wanted = id.toUpperCase();
  return RULES.find((rule) => rule.id === wanted || rule.name === id.toLowerCase());
}
