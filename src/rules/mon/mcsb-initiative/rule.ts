import type { ResourceGraph } from '../../../model/graph.js';
import { get, type Resource } from '../../../model/resource.js';
import { idKey, parseResourceId } from '../../../model/resource-id.js';
import { isObject, isUnknown, type Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { coveredBySubscription, isSubscription, SUBSCRIPTION_TYPE, unreadTable } from '../../shared/subscription.js';
import { scopeReaches } from '../../shared/rbac.js';
import { extensionScope } from '../../shared/scope.js';

const ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';
const EXEMPTION_TYPE = 'Microsoft.Authorization/policyExemptions';
const VM_TYPES = ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'];
export const MCSB_SET = '1f3afdf9-d0c9-4c3d-847f-89da613e70a8';

function isMcsb(assignment: Resource): boolean | { unknown: string } {
  const definition = get(assignment, 'properties', 'policyDefinitionId');
  if (isUnknown(definition)) return { unknown: definition.reason };
  return typeof definition === 'string' && definition.toLowerCase().endsWith(`/policysetdefinitions/${MCSB_SET}`);
}

const MANAGEMENT_GROUP_PREFIX = '/providers/microsoft.management/managementgroups/';

/** Whether a management group is among the subscription's ancestors (see scopeReaches); unknown when the input does not hold them. */
function underManagementGroup(subscription: Resource, group: string): boolean | { unknown: string } {
  const reaches = scopeReaches(`${MANAGEMENT_GROUP_PREFIX}${group}`, subscription);
  return isUnknown(reaches) ? { unknown: reaches.reason } : reaches;
}

/**
 * Whether the assignment's `notScopes` take the subscription out of it: "Resources within these
 * scopes aren't evaluated" (learn.microsoft.com/azure/governance/policy/concepts/scope), so the
 * subscription itself, or a management group above it, excludes it. Unknown when a management
 * group is excluded and the input does not show the groups above the subscription.
 */
function excludes(assignment: Resource, subscription: Resource): boolean | { unknown: string } {
  const notScopes = get(assignment, 'properties', 'notScopes');
  if (!Array.isArray(notScopes)) return false;
  let unsure: { unknown: string } | undefined;
  for (const written of notScopes) {
    if (typeof written !== 'string') continue;
    const scope = idKey(written);
    if (subscription.key === scope || subscription.key.startsWith(`${scope}/`)) return true;
    if (!scope.startsWith(MANAGEMENT_GROUP_PREFIX)) continue;
    const group = scope.slice(MANAGEMENT_GROUP_PREFIX.length);
    const under = underManagementGroup(subscription, group);
    if (under === true) return true;
    if (under !== false)
      unsure ??= {
        unknown: `the input does not show the management groups subscription ${subscription.name} sits under (Resource Graph resourcecontainers managementGroupAncestorsChain), so assignment ${assignment.name}, which excludes management group ${group} (notScopes), may or may not cover it`,
      };
  }
  return unsure ?? false;
}

/**
 * The scope an assignment applies at: its `properties.scope` (as Azure reports it), else the scope
 * it is deployed to (a template's `scope`, else the scope of its id). Unknown when an expression the
 * input cannot evaluate gives it.
 */
function assignmentScope(assignment: Resource): string | Unknown {
  const scope = get(assignment, 'properties', 'scope');
  if (isUnknown(scope)) return scope;
  if (typeof scope === 'string' && scope !== '') return idKey(scope);
  return extensionScope(assignment);
}

function holdsVm(graph: ResourceGraph, scope: string): boolean {
  return VM_TYPES.some((type) => graph.ofType(type).some((vm) => vm.key === scope || vm.key.startsWith(`${scope}/`)));
}

interface Exemption {
  readonly exemption: Resource;
  readonly scope: string;
  /** The policies of the set it exempts from; empty: all of them. */
  readonly policies: readonly string[];
}

/**
 * The exemptions from an assignment that take VMs out of it: at the subscription, a management
 * group above it or the assignment's own scope (every VM there, present or to come), or at a
 * resource group or resource holding a VM of the input. Defender for Cloud shows no recommendation for an exempted resource, whatever
 * the exemption's category (Waiver or Mitigated). With `subscription`, only exemptions reaching it;
 * in a template (no subscription resource), every exemption declared.
 */
function vmExemptions(graph: ResourceGraph, assignment: Resource, subscription?: Resource): { exemptions: Exemption[] } | { unknown: string } {
  const exemptions: Exemption[] = [];
  for (const exemption of graph.ofType(EXEMPTION_TYPE)) {
    const target = get(exemption, 'properties', 'policyAssignmentId');
    if (isUnknown(target)) return { unknown: `the assignment that exemption '${exemption.name}' applies to is not known (${target.reason})` };
    if (typeof target !== 'string' || idKey(target) !== assignment.key) continue;
    // The scope of its id: an exemption extends what it exempts.
    const written = parseResourceId(exemption.id)?.scope ?? '';
    const scope = idKey(written);
    if (scope.startsWith(MANAGEMENT_GROUP_PREFIX)) {
      const covers = subscription ? underManagementGroup(subscription, scope.slice(MANAGEMENT_GROUP_PREFIX.length)) : true;
      if (covers === false) continue;
      if (covers !== true) return { unknown: covers.unknown };
    } else if (subscription && scope !== subscription.key && !scope.startsWith(`${subscription.key}/`)) continue;
    else if (!/^\/subscriptions\/[^/]+$/.test(scope) && scope !== assignmentScope(assignment) && !holdsVm(graph, scope)) continue;
    const references = get(exemption, 'properties', 'policyDefinitionReferenceIds');
    if (isUnknown(references)) return { unknown: `the policies exemption '${exemption.name}' applies to are not known (${references.reason})` };
    const policies = Array.isArray(references) ? references.filter((r): r is string => typeof r === 'string') : [];
    exemptions.push({ exemption, scope: written, policies });
  }
  return { exemptions };
}

export default defineRule({
  id: 'AZV-MON-007',
  name: 'mcsb-initiative',
  pillar: 'MON',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, ASSIGNMENT_TYPE],
  title: {
    en: 'Microsoft cloud security benchmark initiative assigned and not disabled',
    ja: 'Microsoft クラウド セキュリティ ベンチマーク（MCSB）イニシアチブが割り当て済みで無効化されていない',
  },
  fix: {
    en: 'Assign the Microsoft cloud security benchmark initiative (1f3afdf9-d0c9-4c3d-847f-89da613e70a8) at the subscription or management group with enforcementMode Default, and do not set its effect parameters to Disabled.',
    ja: 'Microsoft クラウド セキュリティ ベンチマーク イニシアチブ（1f3afdf9-d0c9-4c3d-847f-89da613e70a8）をサブスクリプションまたは管理グループに enforcementMode Default で割り当て、効果パラメーターを Disabled にしないでください。',
  },
  messages: {
    notAssigned: {
      en: 'The Microsoft cloud security benchmark initiative is not assigned to subscription {{subscription}}: Defender for Cloud shows no recommendations for it.',
      ja: 'サブスクリプション {{subscription}} に Microsoft クラウド セキュリティ ベンチマーク イニシアチブが割り当てられておらず、Defender for Cloud の推奨事項が表示されません。',
    },
    notEnforced: {
      en: 'The Microsoft cloud security benchmark assignment "{{assignment}}" has enforcementMode DoNotEnforce.',
      ja: 'Microsoft クラウド セキュリティ ベンチマークの割り当て "{{assignment}}" の enforcementMode が DoNotEnforce です。',
    },
    effectsDisabled: {
      en: 'The Microsoft cloud security benchmark assignment "{{assignment}}" sets {{parameters}} to Disabled.',
      ja: 'Microsoft クラウド セキュリティ ベンチマークの割り当て "{{assignment}}" は {{parameters}} を Disabled にしています。',
    },
    exemptedAll: {
      en: 'Exemption "{{exemption}}" ({{category}}) takes {{scope}} out of every policy of the Microsoft cloud security benchmark assignment "{{assignment}}": Defender for Cloud shows none of the benchmark\'s recommendations for the VMs there.',
      ja: '除外 "{{exemption}}"（{{category}}）により、{{scope}} が Microsoft クラウド セキュリティ ベンチマークの割り当て "{{assignment}}" のすべてのポリシーから除外されており、Defender for Cloud はそこにある VM についてベンチマークの推奨事項を表示しません。',
    },
    exemptedSome: {
      en: 'Exemption "{{exemption}}" ({{category}}) takes {{scope}} out of {{policies}} of the Microsoft cloud security benchmark assignment "{{assignment}}": Defender for Cloud shows none of their recommendations for the VMs there.',
      ja: '除外 "{{exemption}}"（{{category}}）により、{{scope}} が Microsoft クラウド セキュリティ ベンチマークの割り当て "{{assignment}}" の {{policies}} から除外されており、Defender for Cloud はそこにある VM についてこれらのポリシーの推奨事項を表示しません。',
    },
  },
  mappings: {
    'mcsb-v1': ['PV-1', 'PV-2'],
    'cis-azure-5.0.0': ['8.1.11'],
    peers: ['prowler policy_ensure_asc_enforcement_enabled'],
  },
  check(resource, context) {
    let assignments: Resource[];
    // Why an assignment that may cover the subscription cannot be placed, when one cannot.
    let uncertain: string | undefined;
    if (isSubscription(resource)) {
      // Assignments (those inherited from management groups too) and exemptions come with the subscription's query.
      const unread = unreadTable(context.graph, resource, 'policyresources');
      if (unread) return context.notAssessed(unread);
      assignments = [];
      for (const assignment of context.graph.ofType(ASSIGNMENT_TYPE)) {
        const mcsb = isMcsb(assignment);
        if (typeof mcsb !== 'boolean') return context.unknown(mcsb.unknown);
        if (!mcsb) continue;
        const excluded = excludes(assignment, resource);
        if (excluded === true) continue;
        if (excluded !== false) {
          uncertain ??= excluded.unknown;
          continue;
        }
        const scope = assignmentScope(assignment);
        if (isUnknown(scope)) uncertain ??= `the scope of ${assignment.type} '${assignment.name}' is not known (${scope.reason})`;
        else if (scope === resource.key) assignments.push(assignment);
        else if (scope.startsWith(MANAGEMENT_GROUP_PREFIX)) {
          const covers = underManagementGroup(resource, scope.slice(MANAGEMENT_GROUP_PREFIX.length));
          if (covers === true) assignments.push(assignment);
          else if (covers !== false) uncertain ??= covers.unknown;
        }
      }
      if (assignments.length === 0) {
        if (uncertain) return context.unknown(uncertain);
        context.report('notAssigned', { subscription: resource.name });
        return;
      }
    } else {
      if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
      const mcsb = isMcsb(resource);
      if (typeof mcsb !== 'boolean') return context.unknown(mcsb.unknown);
      if (!mcsb) return context.notApplicable('another policy or initiative');
      assignments = [resource];
    }
    const subscription = isSubscription(resource) ? resource : undefined;
    let best: (() => void) | undefined;
    for (const assignment of assignments) {
      const mode = get(assignment, 'properties', 'enforcementMode');
      const parameters = get(assignment, 'properties', 'parameters');
      if (isUnknown(mode)) return context.unknown(mode.reason);
      if (isUnknown(parameters)) return context.unknown(parameters.reason);
      const exempted = vmExemptions(context.graph, assignment, subscription);
      if ('unknown' in exempted) return context.unknown(exempted.unknown);
      const disabled = isObject(parameters)
        ? Object.entries(parameters)
            .filter(([, v]) => isObject(v) && typeof v['value'] === 'string' && v['value'].toLowerCase() === 'disabled')
            .map(([k]) => k)
        : [];
      const notEnforced = typeof mode === 'string' && mode.toLowerCase() === 'donotenforce';
      if (!notEnforced && disabled.length === 0 && exempted.exemptions.length === 0) return;
      best ??= () => {
        if (notEnforced) context.report('notEnforced', { assignment: assignment.name }, { resource: assignment, at: '/properties/enforcementMode' });
        if (disabled.length > 0)
          context.report(
            'effectsDisabled',
            { assignment: assignment.name, parameters: disabled.join(', ') },
            { resource: assignment, at: '/properties/parameters' },
          );
        for (const { exemption, scope, policies } of exempted.exemptions) {
          const category = get(exemption, 'properties', 'exemptionCategory');
          const data = { exemption: exemption.name, category: typeof category === 'string' ? category : '?', scope, assignment: assignment.name };
          const target = { resource: exemption, at: '/properties/policyAssignmentId' };
          if (policies.length === 0) context.report('exemptedAll', data, target);
          else context.report('exemptedSome', { ...data, policies: policies.join(', ') }, target);
        }
      };
    }
    // An assignment that may cover the subscription could be the one that passes it.
    if (uncertain) return context.unknown(uncertain);
    best?.();
  },
});
