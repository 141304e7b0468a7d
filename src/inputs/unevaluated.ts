/**
 * Settings that change verdicts where they apply but that an input may name without holding: an
 * input that names them is partial, with the reason, rather than checked as if they were absent.
 */

/** ARM type of an Azure Virtual Network Manager security admin rule. */
export const AVNM_ADMIN_RULE_TYPE = 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules';

/** ARM type of an Azure Virtual Network Manager. */
export const AVNM_TYPE = 'Microsoft.Network/networkManagers';

/** Why network managers whose security admin rules are not in the input matter, after their count (a live estate lists no rules). */
export const AVNM_WITHOUT_RULES =
  'Azure Virtual Network Manager(s) with the SecurityAdmin scope access are in the input, their security admin rules are not: those rules decide traffic before the NSGs (Deny and Always allow end it), so the exposure verdicts of the VNets they apply to leave them out';
