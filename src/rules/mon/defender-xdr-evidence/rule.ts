import { get } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { hasNoVmModel, isExtension, unreadableExtension, VM_TYPES, vmExtensions } from '../../shared/compute.js';
import { evidence, inSubscription, SUBSCRIPTION_TYPE, unreadable, unreadTable, unreadTableAnywhere } from '../../shared/subscription.js';
import { connectorOn } from '../../shared/sentinel.js';

const ATTEST =
  'device onboarding, sensor health and incident correlation live in the Microsoft Defender portal, not in Azure configuration: confirm in Defender XDR ' +
  '(Assets > Devices, filtered on the VMs) that they are onboarded and healthy and that Defender for Cloud alerts appear in incidents, and record an attestation';

export default defineRule({
  id: 'AZV-MON-010',
  name: 'defender-xdr-evidence',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE],
  title: {
    en: 'Microsoft Defender XDR coverage evidence for VMs (MDE onboarded, alerts correlated)',
    ja: 'VM に対する Microsoft Defender XDR の適用エビデンス（MDE オンボード、アラート相関）',
  },
  fix: {
    en: 'Turn on the Defender for Endpoint integration in Defender for Cloud (AZV-MON-002) so VMs are onboarded, and connect Microsoft Defender XDR to Sentinel (AZV-MON-009) so their alerts become incidents.',
    ja: 'Defender for Cloud で Defender for Endpoint 連携を有効にして VM をオンボードし（AZV-MON-002）、Microsoft Defender XDR を Sentinel に接続してアラートをインシデントにします（AZV-MON-009）。',
  },
  messages: {
    missingEvidence: {
      en: 'Defender XDR coverage of the VMs in subscription {{subscription}} lacks its prerequisite: {{evidence}}.',
      ja: 'サブスクリプション {{subscription}} の VM に対する Defender XDR の適用に前提条件が欠けています: {{evidence}}。',
    },
  },
  phrases: ['evidence'],
  mappings: {
    'mcsb-v1': ['ES-1', 'IR-3'],
  },
  check(subscription, context) {
    const vms = VM_TYPES.flatMap((type) => inSubscription(context.graph, subscription, type));
    if (vms.length === 0) {
      const unread = unreadTable(context.graph, subscription, 'resources');
      return unread ? context.notAssessed(unread) : context.notApplicable('the subscription has no virtual machines');
    }
    const settings = evidence(context.graph, subscription, 'Microsoft.Security/settings', 'Microsoft.Security/settings');
    if ('missing' in settings) return context.notAssessed(`${settings.missing}; and ${ATTEST}`);
    const wdatp = settings.find((s) => s.name.toLowerCase() === 'wdatp');
    const enabled = wdatp ? get(wdatp, 'properties', 'enabled') : false;
    if (isUnknown(enabled)) return context.unknown(enabled.reason);
    const missing: string[] = [];
    if (enabled !== true) missing.push('the Defender for Endpoint integration (WDATP) is off (AZV-MON-002)');
    // A connector whose data types (incidents, alerts) are all Disabled brings no incidents (AZV-MON-009).
    const xdr = context.graph
      .ofType('Microsoft.SecurityInsights/dataConnectors')
      .some((c) => typeof c.body['kind'] === 'string' && c.body['kind'].toLowerCase() === 'microsoftthreatprotection' && connectorOn(c));
    // No connector seen proves nothing when a workspace's connectors could not be read, or the workspaces of some subscription.
    const connectorsUnreadable = xdr
      ? undefined
      : (context.graph
          .ofType('Microsoft.OperationalInsights/workspaces')
          .map((workspace) => unreadable(workspace, 'Microsoft.SecurityInsights/dataConnectors'))
          .find((reason) => reason !== undefined) ?? unreadTableAnywhere(context.graph, 'resources'));
    if (!xdr && !connectorsUnreadable) missing.push('no Sentinel workspace has the Microsoft Defender XDR connector (AZV-MON-009)');
    if (missing.length > 0) {
      context.report('missingEvidence', { subscription: subscription.name, evidence: missing.join('; ') });
      return;
    }
    if (connectorsUnreadable) return context.notAssessed(`${connectorsUnreadable}; and ${ATTEST}`);
    // A scale set without a VM model has no extensions of its own: its VMs are among the VMs.
    const machines = vms.filter((vm) => !hasNoVmModel(vm));
    let withoutSensor = 0;
    // Why the extensions of some VM without the sensor seen cannot be read: it may have it.
    let unread: string | undefined;
    for (const vm of machines) {
      const extensions = vmExtensions(context.graph, vm);
      if (!isUnknown(extensions) && extensions.some((e) => isExtension(e, ['Microsoft.Azure.AzureDefenderForServers'], ['MDE.Windows', 'MDE.Linux']))) continue;
      withoutSensor++;
      unread ??= isUnknown(extensions) ? extensions.reason : unreadableExtension(context.graph, vm, extensions)?.reason;
    }
    // Every VM with the sensor extension, integration on, XDR connected: what configuration can show (catalog PASS).
    if (withoutSensor === 0) return;
    if (unread !== undefined)
      return context.notAssessed(
        `the prerequisites are in place but ${withoutSensor} of ${machines.length} VMs show no MDE extension or have extensions that cannot be read (${unread}); onboarding by GPO, Intune or script leaves no extension (AZV-VM-001); ${ATTEST}`,
      );
    return context.notAssessed(
      `the prerequisites are in place but ${withoutSensor} of ${machines.length} VMs show no MDE extension (onboarding by GPO, Intune or script leaves none; AZV-VM-001); ${ATTEST}`,
    );
  },
});
