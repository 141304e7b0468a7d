// The registry of every rule, sorted by id. A test checks the order and that every rule folder is listed.
import type { Rule } from './define-rule.js';
import net005 from './net/vm-nic-public-ip/rule.js';
import vm002 from './vm/managed-disks/rule.js';
import vm004 from './vm/encryption-at-host/rule.js';
import vm006 from './vm/trusted-launch/rule.js';
import vm013 from './vm/linux-password-authentication/rule.js';

export const RULES: readonly Rule[] = [net005, vm002, vm004, vm006, vm013];

export function findRule(id: string): Rule | undefined {
  const wanted = id.toUpperCase();
  return RULES.find((rule) => rule.id === wanted || rule.name === id.toLowerCase());
}
