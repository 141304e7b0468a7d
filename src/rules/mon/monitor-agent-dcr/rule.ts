import { get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { allOf, anyOf, isObject, isUnknown, prop, someItem, type Maybe, type Value, type ValueObject } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isExtension, osFamily, unreadableExtension, VM_TYPES, vmExtensions, withoutVmModel } from '../../shared/compute.js';
import { extensionsOn, unreadableScope } from '../../shared/scope.js';
import { unreadTable } from '../../shared/subscription.js';

const ASSOCIATION_TYPE = 'Microsoft.Insights/dataCollectionRuleAssociations';
const AUTH_FACILITIES = ['auth', 'authpriv', '*'];

/**
 * Whether a data collection rule collects security events (Windows `Security!` xPath, Linux auth
 * syslog) into Log Analytics: a data source collecting them whose stream a data flow sends to one
 * of the rule's Log Analytics destinations. A rule without a data-flow list (Azure refuses one)
 * is judged on its sources and destinations alone. A setting not known anywhere on the way leaves
 * the answer unknown unless the rest decides it. With `os`, only the sources the agent collects on
 * that OS count: a syslog source is "Only collected from Linux machines", a Windows event log
 * source "Only collected from Windows machines" (Data Collection Rules REST API, SyslogDataSource
 * and WindowsEventLogDataSource, learn.microsoft.com/rest/api/monitor/data-collection-rules).
 */
export function collectsSecurityEvents(dcr: Resource, os?: 'Linux' | 'Windows'): boolean | { unknown: string } {
  const sources = get(dcr, 'properties', 'dataSources');
  const destinations = get(dcr, 'properties', 'destinations', 'logAnalytics');
  const flows = get(dcr, 'properties', 'dataFlows');
  if (isUnknown(sources)) return { unknown: sources.reason };
  if (isUnknown(destinations)) return { unknown: destinations.reason };
  if (isUnknown(flows)) return { unknown: flows.reason };
  if (!Array.isArray(destinations) || destinations.length === 0) return false;
  if (!isObject(sources)) return false;
  // Each data source, with whether it collects security events.
  const candidates = [
    ...(os === 'Linux'
      ? []
      : each(prop(sources, 'windowsEventLogs'), (source) =>
          someItem(prop(source, 'xPathQueries'), (query) => typeof query === 'string' && /^\s*security!/i.test(query)),
        )),
    ...(os === 'Windows'
      ? []
      : each(prop(sources, 'syslog'), (source) =>
          someItem(prop(source, 'facilityNames'), (facility) => typeof facility === 'string' && AUTH_FACILITIES.includes(facility.toLowerCase())),
        )),
  ];
  let found: Maybe = anyOf(candidates.map((candidate) => candidate.security));
  if (found !== false && Array.isArray(flows)) {
    const toWorkspace = (name: Value): Maybe => someItem(destinations, (destination) => isObject(destination) && sameText(prop(destination, 'name'), name));
    const securityStream = (stream: Value): Maybe =>
      anyOf(candidates.map(({ source, security }) => allOf([security, someItem(prop(source, 'streams'), (own) => sameText(own, stream))])));
    found = someItem(
      flows,
      (flow) => isObject(flow) && allOf([someItem(prop(flow, 'streams'), securityStream), someItem(prop(flow, 'destinations'), toWorkspace)]),
    );
  }
  return isUnknown(found) ? { unknown: found.reason } : found;
}

/** The data sources of a list (one not known among them), each with whether it collects security events. */
function each(list: Value | undefined, test: (source: ValueObject) => Maybe): { source: Value; security: Maybe }[] {
  if (isUnknown(list)) return [{ source: list, security: list }];
  if (!Array.isArray(list)) return [];
  return list.map((source) => ({ source, security: isUnknown(source) ? source : isObject(source) ? test(source) : false }));
}

/** Two names compared as Azure compares them (case-insensitively); not known when either is not. */
function sameText(a: Value | undefined, b: Value | undefined): Maybe {
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

export default defineRule({
  id: 'AZV-MON-016',
  name: 'monitor-agent-dcr',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [...VM_TYPES],
  title: {
    en: 'Azure Monitor Agent with a data collection rule on every VM (security event / syslog collection)',
    ja: '全 VM に Azure Monitor エージェントとデータ収集ルール（セキュリティ イベント／Syslog 収集）',
  },
  fix: {
    en: 'Install the Azure Monitor Agent extension and associate a data collection rule that collects Windows Security events (xPath Security!*) or Linux auth/authpriv syslog into the SIEM workspace.',
    ja: 'Azure Monitor エージェント拡張機能をインストールし、Windows セキュリティ イベント（xPath Security!*）または Linux の auth/authpriv Syslog を SIEM ワークスペースへ収集するデータ収集ルールを関連付けます。',
  },
  messages: {
    noAgent: {
      en: '{{machine}} "{{vm}}" has no Azure Monitor Agent extension: its security events never reach the SIEM.',
      ja: '{{machine}} "{{vm}}" に Azure Monitor エージェント拡張機能がなく、セキュリティ イベントが SIEM に届きません。',
    },
    noSecurityDcr: {
      en: '{{machine}} "{{vm}}" is associated with no data collection rule that sends Windows Security events or auth syslog to a Log Analytics workspace.',
      ja: '{{machine}} "{{vm}}" には、Windows セキュリティ イベントまたは auth Syslog を Log Analytics ワークスペースへ送るデータ収集ルールが関連付けられていません。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-3', 'LT-4'],
    'cis-azure-5.0.0': ['6.1.4'],
    'azure-policy': ['c02729e5-e5e7-4458-97fa-2b5ad0661f28', '1afdc4b6-581a-45fb-b630-f1e6051e3e7a'],
    peers: ['PSRule Azure.VM.AMA'],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const extensions = vmExtensions(context.graph, vm);
    if (isUnknown(extensions)) return context.unknown(extensions.reason);
    const agent = extensions.some((e) => isExtension(e, ['Microsoft.Azure.Monitor'], ['AzureMonitorWindowsAgent', 'AzureMonitorLinuxAgent']));
    if (!agent) {
      const unreadable = unreadableExtension(context.graph, vm, extensions);
      if (unreadable) return context.unknown(unreadable.reason);
      context.report('noAgent', { vm: vm.name });
    }
    // Only the sources of the VM's OS count. The OS is known whenever the agent is (its extension
    // type names it), so an OS not known goes with a VM already failed for lacking the agent: any
    // security source counts then.
    const family = osFamily(context.graph, vm);
    const os = isUnknown(family) ? undefined : family;
    for (const { resource: association } of extensionsOn(context.graph, ASSOCIATION_TYPE, vm)) {
      const ruleId = get(association, 'properties', 'dataCollectionRuleId');
      if (isUnknown(ruleId)) return context.unknown(ruleId.reason);
      if (typeof ruleId !== 'string') continue;
      const dcr = context.graph.get(ruleId, association);
      if (!dcr) return context.unknown(`data collection rule ${idKey(ruleId).split('/').pop() ?? ruleId} is not in the input`);
      const collects = collectsSecurityEvents(dcr, os);
      if (typeof collects !== 'boolean') return context.unknown(collects.unknown);
      if (collects) return;
    }
    // An association whose scope is not known may be this VM's, unless its rule is known to collect nothing that counts.
    const unreadable = unreadableScope(context.graph, ASSOCIATION_TYPE, (association) => {
      const ruleId = get(association, 'properties', 'dataCollectionRuleId');
      const dcr = typeof ruleId === 'string' ? context.graph.get(ruleId, association) : undefined;
      return !dcr || collectsSecurityEvents(dcr, os) !== false;
    });
    if (unreadable) return context.unknown(unreadable.reason);
    // Associations not read may hold one (a VM already failed for lacking the agent stays failed).
    const unread = unreadTable(context.graph, vm, 'insightsresources');
    if (unread) return context.unknown(unread);
    context.report('noSecurityDcr', { vm: vm.name });
  },
});
