/**
 * Settings that change verdicts where they apply but that an input may name without holding: an
 * input that names them is partial, with the reason, rather than checked as if they were absent.
 */

import type { InputSummary } from '../model/input.js';
import { get, type Resource } from '../model/resource.js';

/** ARM type of an Azure Virtual Network Manager security admin rule. */
const AVNM_ADMIN_RULE_TYPE = 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules';

/** ARM type of an Azure Virtual Network Manager. */
const AVNM_TYPE = 'Microsoft.Network/networkManagers';

/** Why network managers whose security admin rules are not in the input matter, after their count (a live estate lists no rules). */
const AVNM_WITHOUT_RULES =
  'Azure Virtual Network Manager(s) with the SecurityAdmin scope access are in the input, their security admin rules are not: those rules decide traffic before the NSGs (Deny and Always allow end it), so the exposure verdicts of the VNets they apply to leave them out';

/**
 * Makes partial, with the reason, each input that names settings it does not hold:
 * Azure Virtual Network Managers that may hold security admin rules when none of their rules is in
 * the scan (a live estate lists the managers, not their rules).
 */
export function markUnevaluated(inputs: InputSummary[], resources: readonly Resource[]): void {
  const ruleType = AVNM_ADMIN_RULE_TYPE.toLowerCase();
  const managerType = AVNM_TYPE.toLowerCase();
  const managers: Resource[] = [];
  const withRules = new Set<string>();
  for (const resource of resources) {
    const length = resource.type.length;
    if (length !== ruleType.length && length !== managerType.length) continue;
    const type = resource.type.toLowerCase();
    // A rule's id starts with its manager's: `…/networkManagers/{name}/securityAdminConfigurations/…`.
    if (type === ruleType) withRules.add(resource.key.slice(0, resource.key.indexOf('/securityadminconfigurations/')));
    else if (type === managerType && maySecurityAdmin(resource)) managers.push(resource);
  }
  const counts = new Map<string, number>();
  for (const manager of managers) if (!withRules.has(manager.key)) counts.set(manager.input, (counts.get(manager.input) ?? 0) + 1);
  if (counts.size === 0) return;
  for (const [index, input] of inputs.entries()) {
    const count = counts.get(input.path);
    if (count === undefined) continue;
    inputs[index] = {
      ...input,
      status: input.status === 'ok' ? 'partial' : input.status,
      diagnostics: [...input.diagnostics, { severity: 'warning', message: `${count} ${AVNM_WITHOUT_RULES}` }],
    };
  }
}

/** Whether a network manager's scope accesses include SecurityAdmin (or cannot be read). */
function maySecurityAdmin(manager: Resource): boolean {
  const accesses = get(manager, 'properties', 'networkManagerScopeAccesses');
  if (!Array.isArray(accesses)) return accesses !== undefined && accesses !== null;
  return accesses.some((access) => typeof access !== 'string' || access.toLowerCase() === 'securityadmin');
}
