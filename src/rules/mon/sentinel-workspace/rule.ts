import type { ResourceGraph } from '../../../model/graph.js';
import { get } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { sendsAdministrative, workspaceOf } from '../../shared/diagnostics.js';
import { extensionScope } from '../../shared/scope.js';
import { coveredBySubscription, evidence, isSubscription, SUBSCRIPTION_TYPE, unreadable, unreadTableAnywhere } from '../../shared/subscription.js';

const WORKSPACE_TYPE = 'Microsoft.OperationalInsights/workspaces';

/** Workspaces onboarded to Microsoft Sentinel (comparison keys): `onboardingStates/default`, or the legacy SecurityInsights solution. */
export function sentinelWorkspaces(graph: ResourceGraph): Set<string> {
  const keys = new Set<string>();
  for (const state of graph.ofType('Microsoft.SecurityInsights/onboardingStates')) {
    const scope = extensionScope(state);
    if (!isUnknown(scope)) keys.add(scope);
  }
  for (const solution of graph.ofType('Microsoft.OperationsManagement/solutions')) {
    const workspace = get(solution, 'properties', 'workspaceResourceId');
    if (solution.name.toLowerCase().startsWith('securityinsights') && typeof workspace === 'string') keys.add(idKey(workspace));
  }
  return keys;
}

export default defineRule({
  id: 'AZV-MON-008',
  name: 'sentinel-workspace',
  pillar: 'MON',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, WORKSPACE_TYPE],
  title: {
    en: 'Microsoft Sentinel enabled on the central Log Analytics workspace',
    ja: '中央 Log Analytics ワークスペースで Microsoft Sentinel が有効',
  },
  fix: {
    en: 'Onboard the central Log Analytics workspace to Microsoft Sentinel (Microsoft.SecurityInsights/onboardingStates "default") and send the subscription Activity Log to it (AZV-MON-013).',
    ja: '中央の Log Analytics ワークスペースを Microsoft Sentinel にオンボードし（Microsoft.SecurityInsights/onboardingStates "default"）、サブスクリプションのアクティビティ ログをそこへ送ります（AZV-MON-013）。',
  },
  messages: {
    noSentinel: {
      en: 'No Log Analytics workspace in the input is onboarded to Microsoft Sentinel: nothing correlates VM, activity and identity events into incidents.',
      ja: '入力内のどの Log Analytics ワークスペースも Microsoft Sentinel にオンボードされておらず、VM・アクティビティ・ID のイベントをインシデントに相関させる仕組みがありません。',
    },
    notDestination: {
      en: 'The Activity Log of subscription {{subscription}} is not sent to a Sentinel workspace.',
      ja: 'サブスクリプション {{subscription}} のアクティビティ ログが Sentinel ワークスペースへ送られていません。',
    },
    notOnboarded: {
      en: 'Log Analytics workspace "{{workspace}}" is not onboarded to Microsoft Sentinel.',
      ja: 'Log Analytics ワークスペース "{{workspace}}" が Microsoft Sentinel にオンボードされていません。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-5', 'IR-3', 'IR-4'],
  },
  check(resource, context) {
    const sentinel = sentinelWorkspaces(context.graph);
    if (!isSubscription(resource)) {
      if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
      if (!sentinel.has(resource.key)) context.report('notOnboarded', { workspace: resource.name });
      return;
    }
    if (sentinel.size === 0) {
      for (const workspace of context.graph.ofType(WORKSPACE_TYPE)) {
        const failed = unreadable(workspace, 'Microsoft.SecurityInsights/onboardingStates');
        if (failed) return context.notAssessed(`${failed} (workspace ${workspace.name})`);
      }
      // The Sentinel workspace may sit in any subscription: one whose resources were not read may hold it.
      const unread = unreadTableAnywhere(context.graph, 'resources');
      if (unread) return context.notAssessed(unread);
      context.report('noSentinel');
      return;
    }
    const settings = evidence(context.graph, resource, 'Microsoft.Insights/diagnosticSettings', 'Microsoft.Insights/diagnosticSettings (activity log)');
    if ('missing' in settings) return context.notAssessed(`Sentinel is enabled, but whether the Activity Log reaches it is not known: ${settings.missing}`);
    // A setting counts when it sends the Administrative category (or allLogs) to a Sentinel
    // workspace: one with every category disabled sends nothing. One whose workspace or categories
    // are not known may.
    let unsure: string | undefined;
    for (const setting of settings) {
      const administrative = sendsAdministrative(setting);
      const workspace = workspaceOf(setting);
      if (administrative === false || workspace === undefined) continue;
      if (typeof workspace !== 'string') unsure ??= workspace.unknown;
      else if (!sentinel.has(idKey(workspace))) {
        // A workspace not in the input may be a Sentinel one, in a subscription whose resources were not read.
        const unread = context.graph.get(workspace) ? undefined : unreadTableAnywhere(context.graph, 'resources');
        if (unread) unsure ??= unread;
        continue;
      } else if (administrative === true) return;
      else unsure ??= administrative.unknown;
    }
    if (unsure) return context.unknown(unsure);
    context.report('notDestination', { subscription: resource.name });
  },
});
