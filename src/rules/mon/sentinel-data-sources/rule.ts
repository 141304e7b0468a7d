import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { isUnknown, prop, someItem, Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { extensionScope } from '../../shared/scope.js';
import { connectorOn } from '../../shared/sentinel.js';
import { unreadable } from '../../shared/subscription.js';
import { enabledCategories, sendsAdministrative, workspaceOf } from '../../shared/diagnostics.js';
import { collectsSecurityEvents } from '../monitor-agent-dcr/rule.js';
import { sentinelWorkspaces } from '../sentinel-workspace/rule.js';

const CONNECTOR_TYPE = 'Microsoft.SecurityInsights/dataConnectors';

/** Connector kinds per source; a connector counts unless every data type it lists is Disabled. */
const SOURCES: readonly { readonly source: string; readonly kinds: readonly string[] }[] = [
  { source: 'Microsoft Defender XDR', kinds: ['MicrosoftThreatProtection'] },
  { source: 'Microsoft Defender for Cloud', kinds: ['AzureSecurityCenter', 'MicrosoftDefenderForCloudTenantBased'] },
];

const ENTRA_SOURCE = 'Microsoft Entra ID sign-in and audit logs';
const ENTRA_SETTING_TYPE = 'microsoft.aadiam/diagnosticSettings';

/**
 * Whether a subscription diagnostic setting sends the Activity Log to the workspace with the
 * Administrative category (or allLogs) enabled: one with every category disabled sends nothing.
 * Unknown when a setting to the workspace does not show its categories.
 */
function activityLogTo(graph: ResourceGraph, workspace: Resource): boolean | Unknown {
  let maybe: Unknown | undefined;
  for (const setting of graph.ofType('Microsoft.Insights/diagnosticSettings')) {
    const target = get(setting, 'properties', 'workspaceId');
    if (typeof target !== 'string' || idKey(target) !== workspace.key || !/^\/subscriptions\/[^/]+\/providers\//.test(setting.key)) continue;
    const administrative = sendsAdministrative(setting);
    if (administrative === true) return true;
    if (administrative !== false) maybe ??= new Unknown(administrative.unknown);
  }
  return maybe ?? false;
}

/**
 * Whether an Entra ID diagnostic setting sends SignInLogs and AuditLogs to the workspace. The
 * AzureActiveDirectory data connector does not count: it brings Entra ID Protection alerts only.
 */
function entraLogsTo(graph: ResourceGraph, workspace: Resource): boolean | { unknown: string } | { notAssessed: string } {
  const settings = graph.ofType(ENTRA_SETTING_TYPE);
  for (const setting of settings) {
    const target = workspaceOf(setting);
    if (target !== undefined && typeof target !== 'string') return target;
    if (target === undefined || idKey(target) !== workspace.key) continue;
    const categories = enabledCategories(setting);
    if (!(categories instanceof Set)) return categories;
    if (categories.has('signinlogs') && categories.has('auditlogs')) return true;
  }
  if (settings.length === 0) {
    for (const tenant of graph.ofType(ENTRA_TENANT_TYPE)) {
      const failed = unreadable(tenant, ENTRA_SETTING_TYPE);
      if (failed) return { notAssessed: failed };
    }
  }
  return false;
}

/**
 * Whether a data collection rule sends Windows Security events or auth syslog to the workspace;
 * Unknown when one whose settings are not known may.
 */
function securityEventsTo(graph: ResourceGraph, workspace: Resource): boolean | Unknown {
  let maybe: Unknown | undefined;
  for (const dcr of graph.ofType('Microsoft.Insights/dataCollectionRules')) {
    const destinations = get(dcr, 'properties', 'destinations', 'logAnalytics');
    if (isUnknown(destinations)) {
      maybe ??= destinations;
      continue;
    }
    const toHere = someItem(destinations, (destination) => {
      const id = prop(destination, 'workspaceResourceId');
      return isUnknown(id) ? id : typeof id === 'string' && idKey(id) === workspace.key;
    });
    if (toHere === false) continue;
    const collects = collectsSecurityEvents(dcr);
    if (collects === false) continue;
    if (collects === true && toHere === true) return true;
    // Not both known: the workspace, or what the rule collects, is not.
    maybe ??= isUnknown(toHere) ? toHere : new Unknown((collects as { unknown: string }).unknown);
  }
  return maybe ?? false;
}

export default defineRule({
  id: 'AZV-MON-009',
  name: 'sentinel-data-sources',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.OperationalInsights/workspaces'],
  title: {
    en: 'Sentinel ingests the VM-relevant sources (Defender XDR incidents, Defender for Cloud, Entra ID, Azure Activity, Windows Security Events / Syslog via AMA)',
    ja: 'Sentinel が VM 関連ソース（Defender XDR インシデント、Defender for Cloud、Entra ID、Azure アクティビティ、AMA 経由の Windows セキュリティ イベント／Syslog）を取り込む',
  },
  fix: {
    en: 'In Sentinel, connect Microsoft Defender XDR and Defender for Cloud, send the Entra ID sign-in and audit logs (an Entra diagnostic setting) and the Activity Log to the workspace, and collect Windows Security events / auth syslog with a data collection rule.',
    ja: 'Sentinel で Microsoft Defender XDR と Defender for Cloud を接続し、Entra ID のサインイン ログと監査ログ（Entra の診断設定）およびアクティビティ ログをワークスペースへ送り、データ収集ルールで Windows セキュリティ イベント／auth Syslog を収集します。',
  },
  messages: {
    missingSource: {
      en: 'Sentinel workspace "{{workspace}}" does not ingest {{source}}.',
      ja: 'Sentinel ワークスペース "{{workspace}}" は次のデータを取り込んでいません: {{source}}。',
    },
  },
  phrases: ['source'],
  mappings: {
    'mcsb-v1': ['LT-5', 'LT-1'],
  },
  check(workspace, context) {
    if (!sentinelWorkspaces(context.graph).has(workspace.key)) return context.notApplicable('the workspace is not onboarded to Microsoft Sentinel');
    const connectors: Resource[] = [];
    for (const connector of context.graph.ofType(CONNECTOR_TYPE)) {
      const scope = extensionScope(connector);
      if (isUnknown(scope)) return context.unknown(scope.reason);
      if (scope === workspace.key) connectors.push(connector);
    }
    if (connectors.length === 0) {
      const failed = unreadable(workspace, CONNECTOR_TYPE);
      if (failed) return context.notAssessed(failed);
      // Content Hub connectors need not appear as data connectors (catalog): an empty list proves nothing.
      return context.unknown(
        `the input lists no Sentinel data connectors for workspace ${workspace.name}; Content Hub connectors may not appear as dataConnectors`,
      );
    }
    const kinds = new Set(connectors.filter(connectorOn).map((c) => (typeof c.body['kind'] === 'string' ? c.body['kind'].toLowerCase() : '')));
    const missing = SOURCES.filter(({ kinds: wanted }) => !wanted.some((k) => kinds.has(k.toLowerCase()))).map(({ source }) => source);
    const entra = entraLogsTo(context.graph, workspace);
    if (typeof entra === 'object' && 'unknown' in entra) return context.unknown(entra.unknown);
    if (entra === false) missing.push(ENTRA_SOURCE);
    const activity = kinds.has('azureactivity') || activityLogTo(context.graph, workspace);
    if (activity === false) missing.push('Azure Activity');
    const securityEvents = securityEventsTo(context.graph, workspace);
    if (securityEvents === false) missing.push('Windows Security events / Syslog via AMA');
    for (const source of missing) context.report('missingSource', { workspace: workspace.name, source });
    if (isUnknown(securityEvents) && missing.length === 0) return context.unknown(securityEvents.reason);
    if (isUnknown(activity) && missing.length === 0) return context.unknown(activity.reason);
    if (typeof entra === 'object') return context.notAssessed(entra.notAssessed);
  },
});
