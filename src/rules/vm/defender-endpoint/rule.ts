import type { ResourceGraph } from '../../../model/graph.js';
import { at, type Resource } from '../../../model/resource.js';
import { isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isExtension, isReadFromAzure, unreadableExtension, vmExtensions, VM_TYPES, withoutVmModel } from '../../shared/compute.js';
import { subscriptionIdOf, unreadTable } from '../../shared/subscription.js';
import { defenderAssessment, EDR_ASSESSMENT } from '../../shared/defender-assessments.js';
import { coverageGap, machinePricing, pricingScopeResource } from '../../shared/defender-plans.js';

const MDE_PUBLISHER = ['Microsoft.Azure.AzureDefenderForServers'];
const MDE_TYPES = ['MDE.Windows', 'MDE.Linux'];

export default defineRule({
  id: 'AZV-VM-001',
  name: 'defender-endpoint',
  pillar: 'VM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Microsoft Defender for Endpoint deployed on every VM (MDE.Windows / MDE.Linux extension healthy)',
    ja: '全 VM に Microsoft Defender for Endpoint が展開済み（MDE.Windows／MDE.Linux 拡張機能が正常）',
  },
  fix: {
    en: 'Enable Defender for Servers with the Endpoint protection component so it deploys MDE.Windows / MDE.Linux; repair failed extensions.',
    ja: 'Defender for Servers のエンドポイント保護コンポーネントを有効にして MDE.Windows／MDE.Linux を展開し、失敗した拡張機能を修復します。',
  },
  messages: {
    unhealthy: {
      en: '{{machine}} "{{name}}" has the Defender for Endpoint extension "{{extension}}" in state {{state}}: the sensor is not running.',
      ja: '{{machine}} "{{name}}" の Defender for Endpoint 拡張機能 "{{extension}}" の状態は {{state}} で、センサーが動作していません。',
    },
    missing: {
      en: '{{machine}} "{{name}}" runs without the Defender for Endpoint extension (MDE.Windows / MDE.Linux).',
      ja: '{{machine}} "{{name}}" には Defender for Endpoint 拡張機能（MDE.Windows／MDE.Linux）がありません。',
    },
    noEdr: {
      en: '{{machine}} "{{name}}" has no Defender for Endpoint extension, and Defender for Cloud finds no EDR on it either ("{{assessment}}": Unhealthy).',
      ja: '{{machine}} "{{name}}" には Defender for Endpoint 拡張機能がなく、Defender for Cloud も EDR を検出していません（"{{assessment}}": Unhealthy）。',
    },
    machineFree: {
      en: '{{machine}} "{{name}}" has no Defender for Endpoint extension, and its own Defender for Servers pricing (resource-level) is on the Free tier, so nothing deploys one.',
      ja: '{{machine}} "{{name}}" には Defender for Endpoint 拡張機能がなく、このマシン自身の Defender for Servers の価格設定（リソース レベル）が Free レベルのため展開されません。',
    },
    noPlan: {
      en: '{{machine}} "{{name}}" has no Defender for Endpoint extension, and Defender for Servers is on the Free tier in "{{pricing}}", so nothing deploys one.',
      ja: '{{machine}} "{{name}}" には Defender for Endpoint 拡張機能がなく、"{{pricing}}" の Defender for Servers が Free レベルのため展開されません。',
    },
  },
  mappings: {
    'mcsb-v1': ['ES-1', 'ES-2'],
    'cis-azure-5.0.0': ['8.1.3.3'],
    'cis-azure-3.0.0': ['8.8'],
    'azure-policy': ['1ec9c2c2-6d64-656d-6465-3ec3309b8579', 'd30025d0-6d64-656d-6465-67688881b632'],
    'defender-for-cloud': [EDR_ASSESSMENT],
    peers: ['prowler defender_assessments_vm_endpoint_protection_installed', 'checkov CKV2_AZURE_10'],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    const extensions = vmExtensions(context.graph, vm);
    if (isUnknown(extensions)) return context.unknown(extensions.reason);
    const mde = extensions.filter((extension) => isExtension(extension, MDE_PUBLISHER, MDE_TYPES));
    for (const extension of mde) {
      // A template does not write provisioningState: a declared extension is deployed with the VM.
      const state = prop(extension.properties, 'provisioningState');
      if (typeof state === 'string' && !/^(succeeded|creating|updating)$/i.test(state)) {
        context.report(
          'unhealthy',
          { name: vm.name, extension: extension.name, state },
          { resource: extension.resource, at: `${extension.pointer}/provisioningState` },
        );
      }
    }
    if (mde.length > 0) return;
    const unreadable = unreadableExtension(context.graph, vm, extensions);
    if (unreadable) return context.unknown(unreadable.reason);
    // Defender for Cloud finds an EDR however it was onboarded (Intune, Group Policy, a script, a
    // supported third-party EDR): none of those leaves an extension behind.
    const edr = defenderAssessment(context.graph, vm.id, EDR_ASSESSMENT);
    if (edr?.status === 'Healthy') return;
    if (edr?.status === 'Unhealthy') {
      context.report('noEdr', { name: vm.name, assessment: edr.name }, { resource: edr.resource, at: '/properties/status/code' });
      return;
    }
    // Without Defender for Cloud's assessments, an EDR onboarded another way cannot be seen.
    if (edr === undefined) {
      const unread = unreadTable(context.graph, vm, 'securityresources');
      if (unread) return context.unknown(unread);
    }
    // The Defender for Servers plan of the machine: a pricing at its own id (resource-level), which
    // takes precedence, else its subscription's, unless Azure says the subscription's does not speak
    // for every machine (resourcesCoverageStatus PartiallyCovered, or NotCovered on Standard): the
    // machine may be set apart, so its tier is not known and the extension alone decides.
    const own = machinePricing(context.graph, vm);
    const plan = own ? undefined : context.graph.derive(serversPlans).get(subscriptionIdOf(vm)?.toLowerCase() ?? '');
    const pricing = own ?? (plan && coverageGap(plan) === undefined ? plan : undefined);
    if (pricing) {
      const tier = at(pricing, 'properties', 'pricingTier');
      if (isUnknown(tier.value)) return context.unknown(tier.value.reason);
      if (typeof tier.value === 'string' && /^free$/i.test(tier.value)) {
        if (own) context.report('machineFree', { name: vm.name }, { resource: own, at: tier.pointer });
        else context.report('noPlan', { name: vm.name, pricing: pricing.name }, { at: '/properties' });
        return;
      }
    }
    // Deployed state (a live scan or a snapshot) says what runs; a template does not.
    if (isReadFromAzure(vm)) {
      context.report('missing', { name: vm.name }, { at: '/properties' });
      return;
    }
    return context.unknown(
      'the template declares no Defender for Endpoint extension, and Defender for Servers deploys it outside templates: only a live scan or a snapshot shows whether it runs',
    );
  },
});

/**
 * The Defender for Servers plan (`pricings/VirtualMachines`) of each subscription, by lower-case
 * subscription id; the first in graph order. A resource-level pricing covers one machine only.
 */
function serversPlans(graph: ResourceGraph): Map<string, Resource> {
  const plans = new Map<string, Resource>();
  for (const pricing of graph.ofType('Microsoft.Security/pricings')) {
    const subscription = subscriptionIdOf(pricing)?.toLowerCase();
    if (subscription === undefined || pricingScopeResource(pricing) !== undefined) continue;
    if (/(^|\/)virtualmachines$/i.test(pricing.name) && !plans.has(subscription)) plans.set(subscription, pricing);
  }
  return plans;
}
