import { isObject, isUnknown, Unknown, type Value } from '../../../model/value.js';
import { attr, block, blocks, calc, enabled, jsonText, lit, pick, refs, secret, type Shape } from './shape.js';
import { childOf, extensionOf, inResourceGroup, inSubscription, parentIdOf, scopeOf, type Mapping } from './types.js';

/**
 * azurerm identity and protection → ARM: key vaults and keys, role assignments and definitions,
 * management locks, Defender for Cloud pricings, contacts and settings, user-assigned identities;
 * azuread Conditional Access policies → the Entra tenant resource (`Microsoft.Graph/tenants`).
 */

const common: Shape = { location: attr('location'), tags: attr('tags') };

/** Built-in role names azvmsec rules care about → their role definition GUIDs (the same in every tenant). */
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'user access administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'virtual machine administrator login': '1c0163c0-47e6-4577-8991-ea5c82e286e4',
  'virtual machine user login': 'fb879df8-f326-4884-b1cf-06f3ad86be52',
  'virtual machine contributor': '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
  'role based access control administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  'backup contributor': '5e467623-bb1f-42f4-a55d-6e525e11384b',
  'backup operator': '00c29273-979b-4161-815c-10b084fb9324',
  'key vault administrator': '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  'key vault crypto officer': '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
};

/** The Entra tenant resource an azuread configuration contributes to (see model/entra.ts). */
export const TENANT_TYPE = 'Microsoft.Graph/tenants';
export const TERRAFORM_TENANT_ID = '/providers/Microsoft.Graph/tenants/unknown-tenant';

const list = (value: Value | undefined): Value => (value === undefined || value === null ? [] : value);

/**
 * An `included_ / excluded_guests_or_external_users` block (azuread 2.44+) as Microsoft Graph's
 * conditionalAccessGuestsOrExternalUsers: the kinds of guests as one comma-separated string, and
 * the tenants they come from. Null without the block.
 */
function guestsOrExternalUsers(value: Value | undefined): Value {
  const block = Array.isArray(value) ? value[0] : value;
  if (isUnknown(block)) return block;
  if (!isObject(block)) return null;
  const types = list(block['guest_or_external_user_types']);
  const tenants = firstObject(block['external_tenants']);
  return {
    guestOrExternalUserTypes: Array.isArray(types) ? types.join(',') : types,
    externalTenants: { membershipKind: tenants?.['membership_kind'] ?? 'all', ...(tenants?.['members'] !== undefined ? { members: tenants['members'] } : {}) },
  };
}

function conditions(value: Value | undefined): Value {
  const item = Array.isArray(value) ? value[0] : value;
  if (isUnknown(item)) return item;
  if (!isObject(item)) return null;
  const users = firstObject(item['users']);
  const applications = firstObject(item['applications']);
  const platforms = firstObject(item['platforms']);
  const locations = firstObject(item['locations']);
  const devices = firstObject(item['devices']);
  const transferMethods = list(item['authentication_flow_transfer_methods']);
  return {
    clientAppTypes: list(item['client_app_types']),
    userRiskLevels: list(item['user_risk_levels']),
    signInRiskLevels: list(item['sign_in_risk_levels']),
    servicePrincipalRiskLevels: list(item['service_principal_risk_levels']),
    // Conditions that narrow a policy: left out, it would read as applying more widely than it does.
    insiderRiskLevels: item['insider_risk_levels'] ?? null,
    authenticationFlows:
      Array.isArray(transferMethods) && transferMethods.length > 0
        ? { transferMethods: transferMethods.join(',') }
        : isUnknown(transferMethods)
          ? transferMethods
          : null,
    devices: devices ? { deviceFilter: filterOf(devices['filter']) } : null,
    users: users
      ? {
          includeUsers: list(users['included_users']),
          excludeUsers: list(users['excluded_users']),
          includeGroups: list(users['included_groups']),
          excludeGroups: list(users['excluded_groups']),
          includeRoles: list(users['included_roles']),
          excludeRoles: list(users['excluded_roles']),
          includeGuestsOrExternalUsers: guestsOrExternalUsers(users['included_guests_or_external_users']),
          excludeGuestsOrExternalUsers: guestsOrExternalUsers(users['excluded_guests_or_external_users']),
        }
      : null,
    applications: applications
      ? {
          includeApplications: list(applications['included_applications']),
          excludeApplications: list(applications['excluded_applications']),
          includeUserActions: list(applications['included_user_actions']),
          applicationFilter: filterOf(applications['filter']),
        }
      : null,
    platforms: platforms ? { includePlatforms: list(platforms['included_platforms']), excludePlatforms: list(platforms['excluded_platforms']) } : null,
    locations: locations ? { includeLocations: list(locations['included_locations']), excludeLocations: list(locations['excluded_locations']) } : null,
  };
}

/** A `filter { mode, rule }` block of devices or applications. */
function filterOf(value: Value | undefined): Value {
  if (isUnknown(value)) return value;
  const filter = firstObject(value);
  return filter ? { mode: filter['mode'] ?? null, rule: filter['rule'] ?? null } : null;
}

function firstObject(value: Value | undefined): Record<string, Value> | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return isObject(item) ? item : undefined;
}

/**
 * A policy object at each scope azurerm has a resource for (`azurerm_<scope>_policy_<kind>`): the
 * scope is the id it extends, named by the scope's attribute.
 */
function atEachPolicyScope(kind: 'assignment' | 'exemption', type: string, body: (scopeKey: string) => Shape): Record<string, Mapping> {
  const scopes = { management_group: 'management_group_id', subscription: 'subscription_id', resource_group: 'resource_group_id', resource: 'resource_id' };
  return Object.fromEntries(
    Object.entries(scopes).map(([scope, scopeKey]) => [
      `azurerm_${scope}_policy_${kind}`,
      { type, id: extensionOf(scopeKey, type), body: { scope: scopeOf(scopeKey), ...body(scopeKey) } } satisfies Mapping,
    ]),
  );
}

const policyAssignments = atEachPolicyScope('assignment', 'Microsoft.Authorization/policyAssignments', (scopeKey) => ({
  location: attr('location'),
  properties: {
    displayName: attr('display_name'),
    policyDefinitionId: attr('policy_definition_id'),
    scope: attr(scopeKey),
    notScopes: attr('not_scopes'),
    enforcementMode: attr('enforce', { map: (on) => (on === false ? 'DoNotEnforce' : 'Default'), default: 'Default' }),
    parameters: jsonText('parameters'),
  },
}));

/** Exemptions, which AZV-MON-007 reads from the benchmark's assignment. */
const policyExemptions = atEachPolicyScope('exemption', 'Microsoft.Authorization/policyExemptions', () => ({
  properties: {
    displayName: attr('display_name'),
    policyAssignmentId: attr('policy_assignment_id'),
    exemptionCategory: attr('exemption_category'),
    policyDefinitionReferenceIds: attr('policy_definition_reference_ids'),
    expiresOn: attr('expires_on'),
  },
}));

export const SECURITY: Record<string, Mapping> = {
  azurerm_key_vault: {
    type: 'Microsoft.KeyVault/vaults',
    id: inResourceGroup('Microsoft.KeyVault/vaults'),
    body: {
      ...common,
      properties: {
        tenantId: attr('tenant_id'),
        sku: { family: lit('A'), name: attr('sku_name') },
        // 4.x deprecated enable_rbac_authorization for rbac_authorization_enabled; default false.
        enableRbacAuthorization: attr('rbac_authorization_enabled|enable_rbac_authorization', { default: false }),
        enableSoftDelete: lit(true),
        softDeleteRetentionInDays: attr('soft_delete_retention_days', { default: 90 }),
        enablePurgeProtection: attr('purge_protection_enabled', { default: false }),
        publicNetworkAccess: enabled('public_network_access_enabled', 'Enabled', 'Disabled', true),
        enabledForDeployment: attr('enabled_for_deployment', { default: false }),
        enabledForDiskEncryption: attr('enabled_for_disk_encryption', { default: false }),
        enabledForTemplateDeployment: attr('enabled_for_template_deployment', { default: false }),
        networkAcls: block('network_acls', {
          defaultAction: attr('default_action'),
          bypass: attr('bypass'),
          ipRules: attr('ip_rules', { map: (v) => (Array.isArray(v) ? v.map((value) => ({ value })) : v) }),
          virtualNetworkRules: refs('virtual_network_subnet_ids'),
        }),
        accessPolicies: blocks('access_policy', {
          tenantId: attr('tenant_id'),
          objectId: attr('object_id'),
          permissions: { keys: attr('key_permissions'), secrets: attr('secret_permissions'), certificates: attr('certificate_permissions') },
        }),
      },
    },
  },
  azurerm_key_vault_key: {
    type: 'Microsoft.KeyVault/vaults/keys',
    id: childOf('key_vault_id', 'keys'),
    body: {
      tags: attr('tags'),
      properties: {
        kty: attr('key_type'),
        keySize: attr('key_size'),
        curveName: attr('curve'),
        keyOps: attr('key_opts'),
        attributes: { exp: attr('expiration_date'), nbf: attr('not_before_date') },
        rotationPolicy: block('rotation_policy', {
          attributes: { expiryTime: attr('expire_after') },
          lifetimeActions: calc((s) => {
            const auto = firstObject(s.attrs['automatic']);
            return auto
              ? [
                  {
                    action: { type: 'Rotate' },
                    trigger: { timeAfterCreate: auto['time_after_creation'] ?? null, timeBeforeExpiry: auto['time_before_expiry'] ?? null },
                  },
                ]
              : undefined;
          }),
        }),
      },
    },
  },
  azurerm_key_vault_secret: {
    type: 'Microsoft.KeyVault/vaults/secrets',
    id: childOf('key_vault_id', 'secrets'),
    body: {
      tags: attr('tags'),
      properties: { value: secret('value|value_wo'), contentType: attr('content_type'), attributes: { exp: attr('expiration_date') } },
    },
  },
  ...policyAssignments,
  ...policyExemptions,
  azurerm_role_assignment: {
    type: 'Microsoft.Authorization/roleAssignments',
    id: extensionOf('scope', 'Microsoft.Authorization/roleAssignments'),
    body: {
      scope: scopeOf('scope'),
      properties: {
        scope: attr('scope'),
        roleDefinitionId: calc((source) => {
          const id = pick(source.attrs, 'role_definition_id');
          if (id) {
            source.record('/properties/roleDefinitionId', [...source.path, id.name]);
            return id.value;
          }
          const name = pick(source.attrs, 'role_definition_name');
          if (!name) return undefined;
          source.record('/properties/roleDefinitionId', [...source.path, name.name]);
          if (isUnknown(name.value)) return name.value;
          const guid = BUILT_IN_ROLES[String(name.value).toLowerCase()];
          return guid
            ? `/subscriptions/${source.ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
            : new Unknown(`role "${String(name.value)}" is given by name and is not a built-in role this reader knows`);
        }),
        principalId: attr('principal_id'),
        principalType: attr('principal_type'),
        condition: attr('condition'),
        conditionVersion: attr('condition_version'),
        description: attr('description'),
      },
    },
  },
  azurerm_role_definition: {
    type: 'Microsoft.Authorization/roleDefinitions',
    id: (attrs, ctx) =>
      `${parentIdOf(attrs['scope'], ctx)}/providers/Microsoft.Authorization/roleDefinitions/${typeof attrs['role_definition_id'] === 'string' ? attrs['role_definition_id'] : ctx.fallbackName}`,
    body: {
      properties: {
        roleName: attr('name'),
        description: attr('description'),
        type: lit('CustomRole'),
        permissions: blocks('permissions', {
          actions: attr('actions'),
          notActions: attr('not_actions'),
          dataActions: attr('data_actions'),
          notDataActions: attr('not_data_actions'),
        }),
        assignableScopes: attr('assignable_scopes', { default: (s) => (s.attrs['scope'] !== undefined ? [s.attrs['scope'] as Value] : undefined) }),
      },
    },
  },
  azurerm_management_lock: {
    type: 'Microsoft.Authorization/locks',
    id: extensionOf('scope', 'Microsoft.Authorization/locks'),
    body: { scope: scopeOf('scope'), properties: { level: attr('lock_level'), notes: attr('notes') } },
  },
  azurerm_user_assigned_identity: {
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    id: inResourceGroup('Microsoft.ManagedIdentity/userAssignedIdentities'),
    body: { ...common },
  },
  azurerm_security_center_subscription_pricing: {
    type: 'Microsoft.Security/pricings',
    id: inSubscription('Microsoft.Security/pricings', (a) => a['resource_type'] ?? 'VirtualMachines'),
    body: {
      name: attr('resource_type', { default: 'VirtualMachines' }),
      properties: {
        pricingTier: attr('tier'),
        subPlan: attr('subplan'),
        extensions: blocks('extension', {
          name: attr('name'),
          isEnabled: lit('True'),
          additionalExtensionProperties: attr('additional_extension_properties'),
        }),
      },
    },
  },
  azurerm_security_center_contact: {
    type: 'Microsoft.Security/securityContacts',
    id: inSubscription('Microsoft.Security/securityContacts', (a) => a['name'] ?? 'default'),
    body: {
      properties: {
        emails: attr('email'),
        phone: attr('phone'),
        alertNotifications: { state: enabled('alert_notifications', 'On', 'Off') },
        notificationsByRole: {
          state: enabled('alerts_to_admins', 'On', 'Off'),
          roles: calc((s) => (s.attrs['alerts_to_admins'] === true ? ['Owner'] : undefined)),
        },
      },
    },
  },
  azurerm_security_center_setting: {
    type: 'Microsoft.Security/settings',
    id: inSubscription('Microsoft.Security/settings', (a) => a['setting_name']),
    body: { kind: lit('DataExportSettings'), properties: { enabled: attr('enabled') } },
  },
  azurerm_security_center_server_vulnerability_assessments_setting: {
    type: 'Microsoft.Security/serverVulnerabilityAssessmentsSettings',
    id: inSubscription('Microsoft.Security/serverVulnerabilityAssessmentsSettings', () => 'AzureServersSetting'),
    body: { kind: lit('AzureServersSetting'), properties: { selectedProvider: attr('vulnerability_assessment_provider') } },
  },
  azurerm_security_center_auto_provisioning: {
    type: 'Microsoft.Security/autoProvisioningSettings',
    id: inSubscription('Microsoft.Security/autoProvisioningSettings', () => 'default'),
    body: { properties: { autoProvision: attr('auto_provision') } },
  },
  azuread_conditional_access_policy: {
    type: TENANT_TYPE,
    id: () => TERRAFORM_TENANT_ID,
    body: {
      properties: {
        conditionalAccessPolicies: calc((source) => [
          {
            id: source.ctx.fallbackName,
            displayName: source.attrs['display_name'] ?? null,
            state: source.attrs['state'] ?? null,
            conditions: conditions(source.attrs['conditions']),
            grantControls: (() => {
              const grant = firstObject(source.attrs['grant_controls']);
              if (!grant) return null;
              return {
                operator: grant['operator'] ?? null,
                builtInControls: list(grant['built_in_controls']),
                termsOfUse: list(grant['terms_of_use']),
                authenticationStrength: grant['authentication_strength_policy_id'] ? { id: grant['authentication_strength_policy_id'] as Value } : null,
              };
            })(),
            sessionControls: (() => {
              const session = firstObject(source.attrs['session_controls']);
              if (!session) return null;
              return {
                signInFrequency:
                  session['sign_in_frequency'] !== undefined
                    ? { value: session['sign_in_frequency'] as Value, type: session['sign_in_frequency_period'] ?? null, isEnabled: true }
                    : null,
              };
            })(),
          },
        ]),
      },
    },
  },
};
