import { oncePerObject } from '../../model/memo.js';
import { ENTRA_SECTIONS, entraSection, type EntraSection } from '../../model/entra.js';
import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, prop, type Unknown, type Value } from '../../model/value.js';

/**
 * Reading the synthetic `Microsoft.Graph/tenants` resource (see model/entra.ts) in identity rules.
 */

/** A section as a rule needs it: the value, or why the rule cannot assess it. */
export type SectionRead = { readonly value: Value } | { readonly missing: string };

/**
 * One section of a tenant. A section the collector could not read (Unknown) or the input does
 * not hold is `missing`, with a reason naming the Graph path and the permission that reads it.
 */
export function readSection(tenant: Resource, section: EntraSection): SectionRead {
  const value = entraSection(tenant, section);
  if (isUnknown(value)) return { missing: value.reason };
  if (value === undefined) {
    const { path, permission } = ENTRA_SECTIONS[section];
    return { missing: `the input has no Microsoft Graph ${path} data (collect it with the ${permission} permission)` };
  }
  return { value };
}

/** Service plans of Microsoft Entra ID P1 and P2, as `organization.assignedPlans` lists them. */
export const ENTRA_P1_PLAN = '41781fb2-bc02-4b7c-bd55-b576c07bb09d';
export const ENTRA_P2_PLAN = 'eec0eb4f-6444-4f95-aba0-50c24d67f998';

/**
 * The tenant's Entra ID licence level from `organization[0].assignedPlans` (enabled plans only).
 * `undefined` when the input does not say (no organization section, no plans listed, or a plan not
 * known without P2 among the others): rules
 * then assess as if the feature were licensed.
 */
export function entraLicence(tenant: Resource): 'P2' | 'P1' | 'Free' | undefined {
  const organization = entraSection(tenant, 'organization');
  if (!Array.isArray(organization)) return undefined;
  const org = organization[0];
  if (!isObject(org)) return undefined;
  const plans = org['assignedPlans'];
  if (!Array.isArray(plans)) return undefined;
  const enabled = new Set<string>();
  // A plan whose id or status is not known may be the one that licenses P1 or P2.
  let unsure = false;
  for (const plan of plans) {
    if (isUnknown(plan)) unsure = true;
    if (!isObject(plan)) continue;
    const id = plan['servicePlanId'];
    const status = plan['capabilityStatus'];
    if (isUnknown(id) || isUnknown(status)) unsure = true;
    else if (typeof id === 'string' && (typeof status !== 'string' || /^(enabled|warning)$/i.test(status))) enabled.add(id.toLowerCase());
  }
  if (enabled.has(ENTRA_P2_PLAN)) return 'P2';
  if (unsure) return undefined;
  if (enabled.has(ENTRA_P1_PLAN)) return 'P1';
  return 'Free';
}

/** Security defaults on (`identitySecurityDefaultsEnforcementPolicy.isEnabled`), or undefined when the input does not say. */
export function securityDefaultsEnabled(tenant: Resource): boolean | undefined {
  const value = entraSection(tenant, 'securityDefaults');
  if (!isObject(value)) return undefined;
  return typeof value['isEnabled'] === 'boolean' ? value['isEnabled'] : undefined;
}

/** Well-known directory role template ids. */
export const DIRECTORY_ROLES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  conditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  billingAdministrator: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  passwordAdministrator: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
} as const;

/**
 * The roles Microsoft recommends requiring phishing-resistant MFA of "at a minimum"
 * (learn.microsoft.com/entra/identity/conditional-access/how-to-policy-phish-resistant-admin-mfa;
 * the same list as its admin-MFA and admin-portals templates), by role template id.
 */
export const ADMIN_ROLES: readonly string[] = [
  DIRECTORY_ROLES.globalAdministrator,
  DIRECTORY_ROLES.applicationAdministrator,
  DIRECTORY_ROLES.authenticationAdministrator,
  DIRECTORY_ROLES.billingAdministrator,
  DIRECTORY_ROLES.cloudApplicationAdministrator,
  DIRECTORY_ROLES.conditionalAccessAdministrator,
  DIRECTORY_ROLES.exchangeAdministrator,
  DIRECTORY_ROLES.helpdeskAdministrator,
  DIRECTORY_ROLES.passwordAdministrator,
  DIRECTORY_ROLES.privilegedAuthenticationAdministrator,
  DIRECTORY_ROLES.privilegedRoleAdministrator,
  DIRECTORY_ROLES.securityAdministrator,
  DIRECTORY_ROLES.sharePointAdministrator,
  DIRECTORY_ROLES.teamsAdministrator,
  DIRECTORY_ROLES.userAdministrator,
];

/**
 * The `principals` entry with this object id in a tenant, if the input has it; Unknown when it does
 * not but an entry whose id is not known may be it.
 */
export function principalIn(principals: Value, objectId: string): Record<string, Value> | Unknown | undefined {
  if (isUnknown(principals)) return principals;
  if (!Array.isArray(principals)) return undefined;
  const { byId, unsure } = principalIndex(principals);
  return byId.get(objectId.toLowerCase()) ?? unsure;
}

/**
 * A list's entries by lower-case id, the first of each, and the first id not known: read once per
 * list, since rules look up the principals behind role assignments for every VM.
 */
const principalIndex = oncePerObject((principals: readonly Value[]): { byId: Map<string, Record<string, Value>>; unsure?: Unknown } => {
  const byId = new Map<string, Record<string, Value>>();
  let unsure: Unknown | undefined;
  for (const principal of principals) {
    const id = isUnknown(principal) ? principal : prop(principal, 'id');
    if (isUnknown(id)) unsure ??= id;
    else if (typeof id === 'string' && !byId.has(id.toLowerCase())) byId.set(id.toLowerCase(), principal as Record<string, Value>);
  }
  return unsure ? { byId, unsure } : { byId };
});

/** The kind of a directory entry from its `@odata.type`, lower case (`user`, `group`, `serviceprincipal`); undefined when it does not say. */
export function principalKind(entry: Value | undefined): string | undefined {
  const type = isObject(entry) ? entry['@odata.type'] : undefined;
  return typeof type === 'string' ? type.replace(/^#microsoft\.graph\./i, '').toLowerCase() : undefined;
}

/** A directory entry's display name, else `id` (an entry not in the input, or without a name). */
export function principalName(entry: Value | undefined, id: string): string {
  const name = isObject(entry) ? entry['displayName'] : undefined;
  return typeof name === 'string' ? name : id;
}

/**
 * The member users of a group's entry in `principals`, nested groups' included, as `azvmsec
 * collect` lists them (`transitiveMembers`); undefined when the input does not list them.
 */
export function groupMembers(group: Record<string, Value>): Value[] | Unknown | undefined {
  const members = group['transitiveMembers'];
  return isUnknown(members) || Array.isArray(members) ? members : undefined;
}
