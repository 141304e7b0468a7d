import { isObject, isUnknown, type Value, type ValueObject } from '../../../model/value.js';
import { attr, block, blocks, calc, enabled, lit, pick, type Shape } from './shape.js';
import { childByName, extensionOf, inResourceGroup, keyVaultKeyUrl, nameOf, parentIdOf, scopeOf, type Mapping } from './types.js';
import type { MapContext } from './shape.js';

/**
 * azurerm monitoring, backup and the basics → ARM: diagnostic settings, Log Analytics workspaces,
 * Sentinel onboarding, Recovery Services vaults, VM backup policies and protected VMs, resource
 * groups and storage accounts.
 */

const common: Shape = { location: attr('location'), tags: attr('tags') };

/** Sentinel data connectors by azurerm type: each is its ARM `kind` on the workspace it names. */
const SENTINEL_CONNECTOR_KINDS: Readonly<Record<string, string>> = {
  azure_active_directory: 'AzureActiveDirectory',
  azure_advanced_threat_protection: 'AzureAdvancedThreatProtection',
  azure_security_center: 'AzureSecurityCenter',
  aws_cloud_trail: 'AmazonWebServicesCloudTrail',
  aws_s3: 'AmazonWebServicesS3',
  dynamics_365: 'Dynamics365',
  iot: 'IOT',
  microsoft_cloud_app_security: 'MicrosoftCloudAppSecurity',
  microsoft_defender_advanced_threat_protection: 'MicrosoftDefenderAdvancedThreatProtection',
  microsoft_threat_intelligence: 'MicrosoftThreatIntelligence',
  microsoft_threat_protection: 'MicrosoftThreatProtection',
  office_365: 'Office365',
  office_365_project: 'Office365Project',
  office_atp: 'OfficeATP',
  office_irm: 'OfficeIRM',
  office_power_bi: 'OfficePowerBI',
  threat_intelligence: 'ThreatIntelligence',
  threat_intelligence_taxii: 'ThreatIntelligenceTaxii',
};

function sentinelDataConnectors(): Record<string, Mapping> {
  return Object.fromEntries(
    Object.entries(SENTINEL_CONNECTOR_KINDS).map(([name, kind]) => [
      `azurerm_sentinel_data_connector_${name}`,
      {
        type: 'Microsoft.SecurityInsights/dataConnectors',
        id: extensionOf('log_analytics_workspace_id', 'Microsoft.SecurityInsights/dataConnectors'),
        body: {
          scope: scopeOf('log_analytics_workspace_id'),
          kind: lit(kind),
          properties: { tenantId: attr('tenant_id'), subscriptionId: attr('subscription_id') },
        },
      } satisfies Mapping,
    ]),
  );
}

/** Where a diagnostic setting sends logs: a workspace, a storage account, an event hub. */
const DESTINATIONS: Shape = {
  workspaceId: attr('log_analytics_workspace_id'),
  storageAccountId: attr('storage_account_id'),
  eventHubAuthorizationRuleId: attr('eventhub_authorization_rule_id'),
  eventHubName: attr('eventhub_name'),
};

/** An activity log alert's `criteria` block as ARM's conditions: one `equals` per field, `anyOf` for the lists (`levels`, `resource_groups`, …). */
function alertConditions(criteria: ValueObject): Value[] {
  const fields: Readonly<Record<string, string>> = {
    category: 'category',
    operation_name: 'operationName',
    resource_provider: 'resourceProvider',
    resource_type: 'resourceType',
    resource_group: 'resourceGroup',
    resource_id: 'resourceId',
    caller: 'caller',
    level: 'level',
    status: 'status',
    sub_status: 'subStatus',
    recommendation_category: 'properties.recommendationCategory',
    recommendation_impact: 'properties.recommendationImpact',
    recommendation_type: 'properties.recommendationType',
  };
  const out: Value[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const value = criteria[key];
    if (value !== undefined && value !== null) out.push({ field, equals: value });
  }
  for (const [key, field] of [
    ['levels', 'level'],
    ['statuses', 'status'],
    ['resource_types', 'resourceType'],
    ['resource_providers', 'resourceProvider'],
    ['operation_names', 'operationName'],
    ['resource_groups', 'resourceGroup'],
    ['resource_ids', 'resourceId'],
    ['sub_statuses', 'subStatus'],
  ] as const) {
    const value = criteria[key];
    if (isUnknown(value)) out.push(value);
    else if (Array.isArray(value) && value.length > 0) out.push({ anyOf: value.map((item) => ({ field, equals: item })) });
  }
  return out;
}

/** `enabled_log { category | category_group }` (v3.x+), `log { … enabled }` (v2/v3), metrics. */
const LOGS = calc((source) => {
  const out: Value[] = [];
  for (const name of ['enabled_log', 'log']) {
    const value = source.attrs[name];
    if (isUnknown(value)) return value;
    if (!Array.isArray(value)) continue;
    source.record('/properties/logs', [...source.path, name]);
    for (const item of value) {
      if (typeof item !== 'object' || item === null || Array.isArray(item) || isUnknown(item)) continue;
      out.push({ category: item['category'] ?? null, categoryGroup: item['category_group'] ?? null, enabled: item['enabled'] ?? true });
    }
  }
  return out.length > 0 ? out : undefined;
});

const METRICS = calc((source) => {
  const out: Value[] = [];
  for (const name of ['enabled_metric', 'metric']) {
    const value = source.attrs[name];
    if (isUnknown(value)) return value;
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      if (typeof item !== 'object' || item === null || Array.isArray(item) || isUnknown(item)) continue;
      out.push({ category: item['category'] ?? null, enabled: item['enabled'] ?? true });
    }
  }
  return out.length > 0 ? out : undefined;
});

/** Vault and VM names for a protected item id: `iaasvmcontainerv2;{rg};{vm}`. */
function protectedItemId(attrs: ValueObject, ctx: MapContext): string {
  const vault = `/subscriptions/${ctx.subscriptionId}/resourceGroups/${typeof attrs['resource_group_name'] === 'string' ? attrs['resource_group_name'] : 'unknown-resource-group'}/providers/Microsoft.RecoveryServices/vaults/${typeof attrs['recovery_vault_name'] === 'string' ? attrs['recovery_vault_name'] : `unknown-vault-of-${ctx.fallbackName}`}`;
  const vm = attrs['source_vm_id'];
  const parts = typeof vm === 'string' ? vm.split('/') : [];
  const group = parts[4] ?? 'unknown';
  const name = parts[parts.length - 1] ?? ctx.fallbackName;
  const container = `iaasvmcontainer;iaasvmcontainerv2;${group};${typeof vm === 'string' ? name : ctx.fallbackName}`;
  return `${vault}/backupFabrics/Azure/protectionContainers/${container}/protectedItems/vm;iaasvmcontainerv2;${group};${typeof vm === 'string' ? name : ctx.fallbackName}`;
}

export const OPERATIONS: Record<string, Mapping> = {
  azurerm_resource_group: {
    type: 'Microsoft.Resources/resourceGroups',
    id: (attrs, ctx) => `/subscriptions/${ctx.subscriptionId}/resourceGroups/${typeof attrs['name'] === 'string' ? attrs['name'] : ctx.fallbackName}`,
    body: { ...common },
  },
  azurerm_storage_account: {
    type: 'Microsoft.Storage/storageAccounts',
    id: inResourceGroup('Microsoft.Storage/storageAccounts'),
    body: {
      ...common,
      kind: attr('account_kind', { default: 'StorageV2' }),
      sku: {
        name: calc((s) =>
          typeof s.attrs['account_tier'] === 'string' && typeof s.attrs['account_replication_type'] === 'string'
            ? `${s.attrs['account_tier']}_${s.attrs['account_replication_type']}`
            : undefined,
        ),
      },
      properties: {
        publicNetworkAccess: enabled('public_network_access_enabled', 'Enabled', 'Disabled', true),
        allowBlobPublicAccess: attr('allow_nested_items_to_be_public|allow_blob_public_access', { default: true }),
        supportsHttpsTrafficOnly: attr('https_traffic_only_enabled|enable_https_traffic_only', { default: true }),
        minimumTlsVersion: attr('min_tls_version', { default: 'TLS1_2' }),
        allowSharedKeyAccess: attr('shared_access_key_enabled', { default: true }),
        networkAcls: block('network_rules', {
          defaultAction: attr('default_action'),
          bypass: attr('bypass'),
          ipRules: attr('ip_rules'),
          virtualNetworkRules: attr('virtual_network_subnet_ids'),
        }),
      },
    },
  },
  // Network rules set apart from the account (azurerm v3: storage_account_name and resource_group_name; v4: storage_account_id).
  azurerm_storage_account_network_rules: {
    id: (a, ctx) => `${String(storageAccountOf(a, ctx))}|network-rules`,
    patches: (source) => {
      const list = (key: string): Value => source.attrs[key] ?? [];
      return [
        {
          target: storageAccountOf(source.attrs, source.ctx),
          path: ['properties', 'networkAcls'],
          value: {
            defaultAction: source.attrs['default_action'] ?? null,
            bypass: list('bypass'),
            ipRules: list('ip_rules'),
            virtualNetworkRules: list('virtual_network_subnet_ids'),
          },
          from: ['default_action'],
        },
      ];
    },
  },
  azurerm_monitor_diagnostic_setting: {
    type: 'Microsoft.Insights/diagnosticSettings',
    id: extensionOf('target_resource_id', 'Microsoft.Insights/diagnosticSettings'),
    body: {
      scope: scopeOf('target_resource_id'),
      properties: { ...DESTINATIONS, logAnalyticsDestinationType: attr('log_analytics_destination_type'), logs: LOGS, metrics: METRICS },
    },
  },
  azurerm_monitor_aad_diagnostic_setting: {
    type: 'microsoft.aadiam/diagnosticSettings',
    id: (attrs, ctx) => `/providers/microsoft.aadiam/diagnosticSettings/${nameOf(attrs['name'], ctx)}`,
    body: {
      properties: { ...DESTINATIONS, logs: LOGS },
    },
  },
  azurerm_monitor_activity_log_alert: {
    type: 'Microsoft.Insights/activityLogAlerts',
    id: inResourceGroup('Microsoft.Insights/activityLogAlerts'),
    body: {
      location: attr('location', { default: 'global' }),
      tags: attr('tags'),
      properties: {
        scopes: attr('scopes'),
        enabled: attr('enabled', { default: true }),
        description: attr('description'),
        condition: {
          // One criteria block: its conditions are the alert's allOf.
          allOf: calc((source, pointer) => {
            const found = source.attrs['criteria'];
            if (found === undefined || found === null) return undefined;
            source.record(pointer, [...source.path, 'criteria']);
            if (isUnknown(found)) return found;
            const criteria = Array.isArray(found) ? found[0] : found;
            return isObject(criteria) ? alertConditions(criteria) : [];
          }),
        },
        actions: { actionGroups: blocks('action', { actionGroupId: attr('action_group_id'), webhookProperties: attr('webhook_properties') }) },
      },
    },
  },
  azurerm_log_analytics_workspace: {
    type: 'Microsoft.OperationalInsights/workspaces',
    id: inResourceGroup('Microsoft.OperationalInsights/workspaces'),
    body: {
      ...common,
      properties: {
        sku: { name: attr('sku', { default: 'PerGB2018' }) },
        retentionInDays: attr('retention_in_days', { default: 30 }),
        publicNetworkAccessForIngestion: enabled('internet_ingestion_enabled', 'Enabled', 'Disabled', true),
        publicNetworkAccessForQuery: enabled('internet_query_enabled', 'Enabled', 'Disabled', true),
        // local_authentication_enabled (azurerm v4.x, default true) replaced local_authentication_disabled: the opposite sense.
        features: {
          disableLocalAuth: calc((source, pointer) => {
            const found = pick(source.attrs, 'local_authentication_enabled|local_authentication_disabled');
            if (!found) return undefined;
            source.record(pointer, [...source.path, found.name]);
            if (isUnknown(found.value) || found.name === 'local_authentication_disabled') return found.value;
            return found.value !== true && found.value !== 'true';
          }),
        },
        workspaceCapping: { dailyQuotaGb: attr('daily_quota_gb') },
      },
    },
  },
  azurerm_log_analytics_solution: {
    type: 'Microsoft.OperationsManagement/solutions',
    id: (attrs, ctx) =>
      `${inResourceGroup('Microsoft.OperationsManagement/solutions', 'solution_name')(attrs, ctx).replace(/\/[^/]*$/, '')}/${typeof attrs['solution_name'] === 'string' && typeof attrs['workspace_name'] === 'string' ? `${attrs['solution_name']}(${attrs['workspace_name']})` : ctx.fallbackName}`,
    body: {
      ...common,
      plan: block('plan', { publisher: attr('publisher'), product: attr('product') }),
      properties: { workspaceResourceId: attr('workspace_resource_id') },
    },
  },
  azurerm_sentinel_log_analytics_workspace_onboarding: {
    type: 'Microsoft.SecurityInsights/onboardingStates',
    id: (attrs, ctx) =>
      `${parentIdOf(attrs['workspace_id'] ?? workspaceFromName(attrs, ctx), ctx)}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
    body: {
      // The workspace it onboards, by id or by name and resource group; Unknown when either is not known.
      scope: calc((source, pointer) => {
        const byId = pick(source.attrs, 'workspace_id');
        const unknown = byId ? undefined : ['workspace_name', 'resource_group_name'].find((key) => isUnknown(source.attrs[key]));
        const found = byId?.name ?? unknown;
        if (found === undefined) return workspaceFromName(source.attrs, source.ctx) ?? undefined;
        source.record(pointer, [...source.path, found]);
        return source.attrs[found];
      }),
      properties: { customerManagedKey: attr('customer_managed_key_enabled', { default: false }) },
    },
  },
  ...sentinelDataConnectors(),
  azurerm_recovery_services_vault_resource_guard_association: {
    type: 'Microsoft.RecoveryServices/vaults/backupResourceGuardProxies',
    // Azure names the one proxy of a vault VaultProxy.
    id: (attrs, ctx) => `${parentIdOf(attrs['vault_id'], ctx)}/backupResourceGuardProxies/VaultProxy`,
    body: { properties: { resourceGuardResourceId: attr('resource_guard_id') } },
  },
  azurerm_data_protection_resource_guard: {
    type: 'Microsoft.DataProtection/resourceGuards',
    id: inResourceGroup('Microsoft.DataProtection/resourceGuards'),
    body: { ...common, properties: { vaultCriticalOperationExclusionList: attr('vault_critical_operation_exclusion_list') } },
  },
  azurerm_monitor_data_collection_rule: {
    type: 'Microsoft.Insights/dataCollectionRules',
    id: inResourceGroup('Microsoft.Insights/dataCollectionRules'),
    body: {
      ...common,
      kind: attr('kind'),
      properties: {
        // What AZV-MON-016 and AZV-MON-009 read: Windows event xPath queries, syslog facilities, Log Analytics destinations and the flows between them.
        dataSources: block('data_sources', {
          windowsEventLogs: blocks('windows_event_log', { name: attr('name'), streams: attr('streams'), xPathQueries: attr('x_path_queries') }),
          syslog: blocks('syslog', { name: attr('name'), streams: attr('streams'), facilityNames: attr('facility_names'), logLevels: attr('log_levels') }),
        }),
        destinations: block('destinations', {
          logAnalytics: blocks('log_analytics', { name: attr('name'), workspaceResourceId: attr('workspace_resource_id') }),
        }),
        dataFlows: blocks('data_flow', { streams: attr('streams'), destinations: attr('destinations') }),
      },
    },
  },
  azurerm_monitor_data_collection_rule_association: {
    type: 'Microsoft.Insights/dataCollectionRuleAssociations',
    id: extensionOf('target_resource_id', 'Microsoft.Insights/dataCollectionRuleAssociations'),
    body: {
      scope: scopeOf('target_resource_id'),
      properties: { dataCollectionRuleId: attr('data_collection_rule_id'), dataCollectionEndpointId: attr('data_collection_endpoint_id') },
    },
  },
  azurerm_recovery_services_vault: {
    type: 'Microsoft.RecoveryServices/vaults',
    id: inResourceGroup('Microsoft.RecoveryServices/vaults'),
    body: {
      ...common,
      identity: block('identity', { type: attr('type') }),
      sku: { name: attr('sku') },
      properties: {
        publicNetworkAccess: enabled('public_network_access_enabled', 'Enabled', 'Disabled', true),
        securitySettings: {
          // soft_delete_enabled (default true) was removed in azurerm v5, where soft delete is always on.
          softDeleteSettings: { softDeleteState: enabled('soft_delete_enabled', 'Enabled', 'Disabled', true) },
          immutabilitySettings: { state: attr('immutability') },
        },
        redundancySettings: {
          standardTierStorageRedundancy: attr('storage_mode_type', { default: 'GeoRedundant' }),
          crossRegionRestore: enabled('cross_region_restore_enabled', 'Enabled', 'Disabled', false),
        },
        monitoringSettings: block('monitoring', {
          azureMonitorAlertSettings: { alertsForAllJobFailures: enabled('alerts_for_all_job_failures_enabled', 'Enabled', 'Disabled', true) },
          classicAlertSettings: { alertsForCriticalOperations: enabled('alerts_for_critical_operation_failures_enabled', 'Enabled', 'Disabled', true) },
        }),
        encryption: block('encryption', {
          keyVaultProperties: { keyUri: attr('key_id', { map: keyVaultKeyUrl }) },
          infrastructureEncryption: enabled('infrastructure_encryption_enabled'),
        }),
      },
    },
  },
  azurerm_backup_policy_vm: {
    type: 'Microsoft.RecoveryServices/vaults/backupPolicies',
    id: childByName('Microsoft.RecoveryServices/vaults', 'recovery_vault_name', 'backupPolicies'),
    body: {
      properties: {
        backupManagementType: lit('AzureIaasVM'),
        policyType: attr('policy_type', { default: 'V1' }),
        timeZone: attr('timezone', { default: 'UTC' }),
        instantRpRetentionRangeInDays: attr('instant_restore_retention_days'),
        schedulePolicy: block('backup', {
          scheduleRunFrequency: attr('frequency'),
          scheduleRunTimes: attr('time', { map: (v) => [v] }),
          hourlyInterval: attr('hour_interval'),
        }),
        retentionPolicy: {
          retentionPolicyType: lit('LongTermRetentionPolicy'),
          dailySchedule: block('retention_daily', { retentionDuration: { count: attr('count'), durationType: lit('Days') } }),
          weeklySchedule: block('retention_weekly', {
            daysOfTheWeek: attr('weekdays'),
            retentionDuration: { count: attr('count'), durationType: lit('Weeks') },
          }),
          monthlySchedule: block('retention_monthly', { retentionDuration: { count: attr('count'), durationType: lit('Months') } }),
          yearlySchedule: block('retention_yearly', { monthsOfYear: attr('months'), retentionDuration: { count: attr('count'), durationType: lit('Years') } }),
        },
        tieringPolicy: blocks('tiering_policy', {
          archivedRestorePoint: block('archived_restore_point', { tieringMode: attr('mode'), duration: attr('duration') }),
        }),
      },
    },
  },
  azurerm_backup_protected_vm: {
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
    id: protectedItemId,
    body: {
      properties: {
        protectedItemType: lit('Microsoft.Compute/virtualMachines'),
        sourceResourceId: attr('source_vm_id'),
        policyId: attr('backup_policy_id'),
        protectionState: attr('protection_state', { default: 'Protected' }),
      },
    },
  },
};

function workspaceFromName(attrs: ValueObject, ctx: MapContext): Value {
  const group = attrs['resource_group_name'];
  const name = attrs['workspace_name'];
  if (typeof group === 'string' && typeof name === 'string')
    return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${group}/providers/Microsoft.OperationalInsights/workspaces/${name}`;
  return null;
}

/** The storage account an `azurerm_storage_account_network_rules` changes: by id, or by name and resource group. */
function storageAccountOf(attrs: ValueObject, ctx: MapContext): Value {
  const id = attrs['storage_account_id'];
  if (id !== undefined && id !== null) return id;
  return inResourceGroup('Microsoft.Storage/storageAccounts', 'storage_account_name')(attrs, ctx);
}
