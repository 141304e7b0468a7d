import type { ResourceGraph } from './graph.js';
import type { Resource } from './resource.js';
import { isUnknown, lookup, prop, type Unknown, type Value } from './value.js';

/**
 * Microsoft Entra ID data in the resource graph.
 *
 * Entra settings are not ARM resources, so an input that has them (a snapshot, a Microsoft Graph
 * export) adds ONE synthetic resource per tenant, of type `Microsoft.Graph/tenants` and id
 * `/providers/Microsoft.Graph/tenants/{tenantId}`. Its `properties` hold one entry per section
 * below, each exactly as Microsoft Graph v1.0 returns it (collections as arrays, singletons as
 * objects). A section the collector could not read (a 403, an unlicensed feature) is an `Unknown`
 * whose reason names the missing permission; a section the input does not have is absent.
 *
 * Tenant-level rules declare `resourceTypes: [ENTRA_TENANT_TYPE]` and are evaluated once per
 * tenant; an input without Entra data (a template) has no such resource, so they are not assessed.
 */
export const ENTRA_TENANT_TYPE = 'Microsoft.Graph/tenants';

/** The tenant id used when an input has Entra data but does not say which tenant (a bare Graph export). */
export const UNKNOWN_TENANT = 'unknown-tenant';

/** Each section, the Microsoft Graph v1.0 path it comes from, and the permission that reads it. */
export const ENTRA_SECTIONS = {
  /** `conditionalAccessPolicy` collection (risk-based policies are CA policies with `userRiskLevels` / `signInRiskLevels`). */
  conditionalAccessPolicies: { path: '/identity/conditionalAccess/policies', permission: 'Policy.Read.All', collection: true },
  /** `ipNamedLocation` / `countryNamedLocation` collection. */
  namedLocations: { path: '/identity/conditionalAccess/namedLocations', permission: 'Policy.Read.All', collection: true },
  /** `identitySecurityDefaultsEnforcementPolicy`: `isEnabled`. */
  securityDefaults: { path: '/policies/identitySecurityDefaultsEnforcementPolicy', permission: 'Policy.Read.All', collection: false },
  /** `authorizationPolicy`: guest access, default user role permissions. */
  authorizationPolicy: { path: '/policies/authorizationPolicy', permission: 'Policy.Read.All', collection: false },
  /** `groupSetting` collection: "Password Rule Settings" (banned passwords, smart lockout) and others. */
  directorySettings: { path: '/groupSettings', permission: 'Directory.Read.All', collection: true },
  /** `authenticationMethodsPolicy` with its method configurations. */
  authenticationMethodsPolicy: { path: '/policies/authenticationMethodsPolicy', permission: 'Policy.Read.All', collection: false },
  /** Active directory role assignments (`unifiedRoleAssignment`). */
  directoryRoleAssignments: { path: '/roleManagement/directory/roleAssignments', permission: 'RoleManagement.Read.Directory', collection: true },
  /** PIM eligibility (`unifiedRoleEligibilitySchedule`); needs Entra ID P2. */
  roleEligibilitySchedules: { path: '/roleManagement/directory/roleEligibilitySchedules', permission: 'RoleManagement.Read.Directory', collection: true },
  /** PIM active assignment schedules (`unifiedRoleAssignmentSchedule`); needs Entra ID P2. */
  roleAssignmentSchedules: { path: '/roleManagement/directory/roleAssignmentSchedules', permission: 'RoleManagement.Read.Directory', collection: true },
  /**
   * The users, groups and service principals behind Azure and directory role assignments, with
   * `@odata.type`, `displayName`, `userType`, `accountEnabled` (guests and disabled accounts).
   */
  principals: { path: '/users, /groups, /servicePrincipals', permission: 'Directory.Read.All', collection: true },
  /**
   * `userRegistrationDetails` of the users behind Azure role assignments (`isMfaCapable`,
   * `isMfaRegistered`, `methodsRegistered`), one GET per user; needs Entra ID P1 or P2. Disabled
   * users have none.
   */
  userRegistrationDetails: { path: '/reports/authenticationMethods/userRegistrationDetails', permission: 'AuditLog.Read.All', collection: true },
  /**
   * The `organization` object: tenant id, display name, verified domains, and `assignedPlans` (the
   * Entra ID licence, see rules/shared/entra.ts). List organizations (v1.0): delegated, User.Read
   * at least, but "Applications granted the User.Read permission are able to read only the id,
   * displayName, and verifiedDomains properties … To read all properties, use at least
   * Organization.Read.All"; an application needs Organization.Read.All. Organization.Read.All (or
   * Directory.Read.All) is what reads `assignedPlans` either way.
   */
  organization: { path: '/organization', permission: 'Organization.Read.All', collection: true },
} as const;

export type EntraSection = keyof typeof ENTRA_SECTIONS;
export const ENTRA_SECTION_NAMES = Object.keys(ENTRA_SECTIONS) as EntraSection[];

/** A section's value: the Graph JSON, Unknown (could not be read, and why), or undefined (not in the input). */
export type EntraSectionValue = Value | Unknown | undefined;

/** The id of a tenant's synthetic resource. */
export function entraTenantId(tenantId: string): string {
  return `/providers/Microsoft.Graph/tenants/${tenantId}`;
}

/** The tenants the inputs hold Entra data for. */
export function entraTenants(graph: ResourceGraph): readonly Resource[] {
  return graph.ofType(ENTRA_TENANT_TYPE);
}

/** One section of a tenant resource. */
export function entraSection(tenant: Resource, section: EntraSection): EntraSectionValue {
  return lookup(tenant.body, ['properties', section]).value;
}

/** The Entra principal (user, group, service principal) with this object id, if the input has it. */
export function entraPrincipal(graph: ResourceGraph, objectId: string): Value | Unknown | undefined {
  const wanted = objectId.toLowerCase();
  for (const tenant of entraTenants(graph)) {
    const principals = entraSection(tenant, 'principals');
    if (isUnknown(principals)) return principals;
    if (!Array.isArray(principals)) continue;
    for (const principal of principals) {
      const id = prop(principal, 'id');
      if (typeof id === 'string' && id.toLowerCase() === wanted) return principal;
    }
  }
  return undefined;
}
