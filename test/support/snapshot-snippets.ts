/**
 * Building blocks for rule tests that read snapshots: Resource Graph rows, ARM REST items and
 * Microsoft Graph objects in the shapes the services return them (sanitized, made-up ids), put
 * into an azvmsec snapshot that the real snapshot reader reads.
 */
import { vmRows } from './fake-tenant.js';

type Json = Record<string, unknown>;

export const TENANT = '9c1f4a2e-0000-4000-8000-00000000c0de';
export const SUB = '5b3e8c2d-1111-4111-8111-000000000001';
export const SUB_2 = '5b3e8c2d-2222-4222-8222-000000000002';

/** What a snapshot case gives; everything else is filled in. */
export interface SnapshotCase {
  /** Resource Graph rows and ARM REST items. */
  readonly resources?: readonly object[];
  /** The `entra` section: Microsoft Graph sections by name, and `unavailable`. */
  readonly entra?: object;
  /** Collected subscriptions; one (SUB, status ok) by default. */
  readonly subscriptions?: readonly object[];
  /** Collection errors. */
  readonly errors?: readonly object[];
}

export function snapshotOf(c: SnapshotCase): Json {
  return {
    format: 'azvmsec-snapshot',
    snapshotVersion: 1,
    collection: {
      tool: { name: 'azvmsec', version: '0.1.0' },
      startedAt: '2026-11-02T01:00:00.000Z',
      finishedAt: '2026-11-02T01:00:42.000Z',
      cloud: 'AzureCloud',
      tenantId: TENANT,
      scope: {},
      subscriptions: c.subscriptions ?? [{ subscriptionId: SUB, displayName: 'Contoso Production', state: 'Enabled', status: 'ok' }],
      errors: c.errors ?? [],
    },
    resources: c.resources ?? [],
    ...(c.entra ? { entra: { tenantId: TENANT, ...c.entra } } : {}),
  };
}

/** An ARM id in a subscription. */
export function armId(type: string, group: string, name: string, subscriptionId = SUB): string {
  const [namespace, ...types] = type.split('/');
  const names = name.split('/');
  let id = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/${namespace}`;
  types.forEach((t, i) => (id += `/${t}/${names[i]}`));
  return id;
}

/** One Resource Graph row. */
export function argRow(type: string, group: string, name: string, properties: Json, extra: Json = {}, subscriptionId = SUB): Json {
  return {
    id: armId(type, group, name, subscriptionId),
    name: name.split('/').pop(),
    type: type.toLowerCase(),
    tenantId: TENANT,
    kind: '',
    location: 'japaneast',
    resourceGroup: group,
    subscriptionId,
    properties,
    tags: {},
    ...extra,
  };
}

/** A VM (with NIC and OS disk) as Resource Graph rows. */
export function vm(name: string, options: { linux?: boolean; group?: string; subscriptionId?: string; identity?: Json } = {}): Json[] {
  const rows = vmRows(options.subscriptionId ?? SUB, options.group ?? 'rg-app', name, { linux: options.linux ?? true }) as Json[];
  if (options.identity) rows[0] = { ...rows[0], identity: options.identity };
  return rows;
}

/** A subscription-scope ARM REST item (`/subscriptions/{id}/providers/…`). */
export function subscriptionItem(type: string, name: string, properties: Json, extra: Json = {}, subscriptionId = SUB): Json {
  const [namespace, ...types] = type.split('/');
  return { id: `/subscriptions/${subscriptionId}/providers/${namespace}/${types.join('/')}/${name}`, name, type, properties, ...extra };
}

/** `Microsoft.Security/pricings/{plan}` as `GET …/pricings?api-version=2024-01-01` returns it. */
export function pricing(plan: string, tier: 'Free' | 'Standard', extra: Json = {}, subscriptionId = SUB): Json {
  return subscriptionItem(
    'Microsoft.Security/pricings',
    plan,
    { pricingTier: tier, freeTrialRemainingTime: 'PT0S', ...(tier === 'Standard' ? { enablementTime: '2025-04-01T09:00:00Z' } : {}), ...extra },
    {},
    subscriptionId,
  );
}

/** A machine's own Defender for Servers pricing, as Pricings_Get on `{machine id}/providers/Microsoft.Security/pricings/VirtualMachines` answers it. */
export function machinePricing(machineId: string, properties: Json): Json {
  return { id: `${machineId}/providers/Microsoft.Security/pricings/VirtualMachines`, name: 'VirtualMachines', type: 'Microsoft.Security/pricings', properties };
}

/** Every Defender plan Free but the given ones. */
export function pricings(standard: Record<string, Json> = {}, subscriptionId = SUB): Json[] {
  const plans = ['VirtualMachines', 'CloudPosture', 'Arm', 'KeyVaults', 'StorageAccounts', 'SqlServers', 'Containers', 'AppServices'];
  return plans.map((plan) => (standard[plan] ? pricing(plan, 'Standard', standard[plan], subscriptionId) : pricing(plan, 'Free', {}, subscriptionId)));
}

/** `Microsoft.Security/settings/{name}` (DataExportSettings). */
export function securitySetting(name: string, enabled: boolean, subscriptionId = SUB): Json {
  return subscriptionItem('Microsoft.Security/settings', name, { enabled }, { kind: 'DataExportSettings' }, subscriptionId);
}

/** A Conditional Access policy as `GET /identity/conditionalAccess/policies` returns it. */
export function caPolicy(
  displayName: string,
  options: {
    state?: string;
    users?: object;
    applications?: object;
    clientAppTypes?: string[];
    userRiskLevels?: string[];
    signInRiskLevels?: string[];
    grant?: object;
    locations?: object;
    id?: string;
  } = {},
): Json {
  return {
    id: options.id ?? `0a1b2c3d-0000-4000-8000-${hash(displayName)}`,
    templateId: null,
    displayName,
    createdDateTime: '2025-06-01T08:00:00Z',
    modifiedDateTime: '2026-09-14T02:11:00Z',
    state: options.state ?? 'enabled',
    sessionControls: null,
    conditions: {
      userRiskLevels: options.userRiskLevels ?? [],
      signInRiskLevels: options.signInRiskLevels ?? [],
      clientAppTypes: options.clientAppTypes ?? ['all'],
      servicePrincipalRiskLevels: [],
      insiderRiskLevels: null,
      platforms: null,
      locations: options.locations ?? null,
      devices: null,
      clientApplications: null,
      applications: {
        includeApplications: ['All'],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
        ...options.applications,
      },
      users: {
        includeUsers: ['All'],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
        ...options.users,
      },
    },
    grantControls: options.grant ?? { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
  };
}

/** Grant controls with an authentication strength (as Graph returns it inline). */
export function strengthGrant(id: string, displayName: string, allowedCombinations: string[]): Json {
  return {
    operator: 'OR',
    builtInControls: [],
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength: { id, displayName, policyType: 'builtIn', requirementsSatisfied: 'mfa', allowedCombinations },
  };
}

export const PHISHING_RESISTANT = strengthGrant('00000000-0000-0000-0000-000000000004', 'Phishing-resistant MFA', [
  'windowsHelloForBusiness',
  'fido2',
  'x509CertificateMultiFactor',
]);

/** Two emergency-access accounts, excluded from every policy. */
export const BREAK_GLASS = ['e0e0e0e0-0000-4000-8000-000000000001', 'e0e0e0e0-0000-4000-8000-000000000002'];

/** The `organization` section with Entra ID P1 or P2 service plans. */
export function organization(licence: 'P2' | 'P1' | 'Free'): Json[] {
  const plans: Json[] = [
    { assignedDateTime: '2024-01-10T00:00:00Z', capabilityStatus: 'Enabled', service: 'exchange', servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0' },
  ];
  if (licence !== 'Free') {
    plans.push({
      assignedDateTime: '2024-01-10T00:00:00Z',
      capabilityStatus: 'Enabled',
      service: 'AADPremiumService',
      servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
    });
  }
  if (licence === 'P2') {
    plans.push({
      assignedDateTime: '2024-01-10T00:00:00Z',
      capabilityStatus: 'Enabled',
      service: 'AADPremiumService',
      servicePlanId: 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
    });
  }
  return [{ id: TENANT, displayName: 'Contoso Trading', verifiedDomains: [{ name: 'contoso-trading.example', isDefault: true }], assignedPlans: plans }];
}

/** A Graph `unavailable` entry for a section read without permission. */
export function forbidden(permission: string): Json {
  return { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', missingPermission: permission };
}

/** An ARM collection error for a subscription. */
export function armError(operation: string, permission: string, subscriptionId = SUB): Json {
  return {
    source: 'arm',
    operation,
    scope: subscriptionId,
    status: 403,
    code: 'AuthorizationFailed',
    message: 'The client does not have authorization to perform action over scope.',
    missingPermission: permission,
  };
}

/**
 * A Resource Graph table query that failed, as the collector records it: no scope (every subscription collected), or
 * with `subscriptions` those of the batch it covered.
 */
export function tableError(table: string, extra: Json = {}): Json {
  return {
    source: 'resource-graph',
    operation: table,
    status: 403,
    code: 'AuthorizationFailed',
    message: `The client does not have authorization to query ${table}.`,
    missingPermission: table === 'securityresources' ? 'Security Reader' : 'Reader',
    ...extra,
  };
}

/** A user, group or service principal as the `principals` section holds it. */
export function user(id: string, displayName: string, extra: Json = {}): Json {
  return {
    '@odata.type': '#microsoft.graph.user',
    id,
    displayName,
    userPrincipalName: `${displayName.toLowerCase().replace(/\s+/g, '.')}@contoso-trading.example`,
    userType: 'Member',
    accountEnabled: true,
    ...extra,
  };
}

export function servicePrincipal(id: string, displayName: string, extra: Json = {}): Json {
  return { '@odata.type': '#microsoft.graph.servicePrincipal', id, displayName, servicePrincipalType: 'ManagedIdentity', accountEnabled: true, ...extra };
}

/** Well-known Azure built-in role definition ids. */
export const ROLES = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  vmAdminLogin: '1c0163c0-47e6-4577-8991-ea5c82e286e4',
  vmUserLogin: 'fb879df8-f326-4884-b1cf-06f3ad86be52',
  vmContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
  backupContributor: '5e467623-bb1f-42f4-a55d-6e525e11384b',
} as const;

/** A role assignment row without principalType, as templates and Terraform give it. */
export function withoutPrincipalType(row: Json): Json {
  const typed = row as { properties: Record<string, unknown> };
  const { principalType: _type, ...properties } = typed.properties;
  return { ...typed, properties } as Json;
}

/** An Azure role assignment as Resource Graph `authorizationresources` returns it. */
export function roleAssignment(scope: string, role: string, principalId: string, principalType = 'User', name?: string): Json {
  const assignmentName = name ?? `ra-${hash(scope + role + principalId)}`;
  const subscriptionId = /^\/subscriptions\/([^/]+)/.exec(scope)?.[1] ?? SUB;
  return {
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${assignmentName}`,
    name: assignmentName,
    type: 'microsoft.authorization/roleassignments',
    tenantId: TENANT,
    subscriptionId,
    properties: {
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId,
      principalType,
      scope,
      createdOn: '2025-02-01T00:00:00Z',
    },
  };
}

function hash(text: string): string {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(12, '0').slice(0, 12);
}

/** A Defender for Cloud assessment of a resource, as Resource Graph `securityresources` returns it. */
export function assessment(resourceId: string, key: string, code: string, displayName = `Recommendation ${key.slice(0, 8)}`): Json {
  const group = /\/resourceGroups\/([^/]+)/i.exec(resourceId)?.[1] ?? '';
  return {
    id: `${resourceId}/providers/Microsoft.Security/assessments/${key}`,
    name: key,
    type: 'microsoft.security/assessments',
    tenantId: TENANT,
    subscriptionId: SUB,
    resourceGroup: group,
    properties: { displayName, status: { code, cause: '', description: '' }, resourceDetails: { Source: 'Azure', Id: resourceId } },
  };
}
