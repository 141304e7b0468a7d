import { get, type Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { coveredBySubscription, isSubscription, SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

const CAPACITY_TYPE = 'Microsoft.SecurityCopilot/capacities';
const ATTEST =
  'bundled Security Copilot entitlements (Microsoft 365 E5) and actual use are not visible as Azure resources: if the organisation uses Security Copilot, record an attestation';

export default defineRule({
  id: 'AZV-MON-019',
  name: 'security-copilot-capacity',
  pillar: 'MON',
  severity: 'info',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, CAPACITY_TYPE],
  title: {
    en: 'Security Copilot capacity provisioned (optional accelerator)',
    ja: 'Security Copilot の容量がプロビジョニング済み（任意の加速策）',
  },
  fix: {
    en: 'If the organisation adopts Security Copilot, provision Security Compute Units (Microsoft.SecurityCopilot/capacities) or record the tenant entitlement as an attestation.',
    ja: 'Security Copilot を採用する場合は、セキュリティ コンピューティング ユニット（Microsoft.SecurityCopilot/capacities）をプロビジョニングするか、テナントの権利を構成証明として記録します。',
  },
  messages: {},
  mappings: {},
  check(resource, context) {
    let capacities: readonly Resource[];
    if (isSubscription(resource)) {
      // A capacity serves the whole tenant, whichever subscription bills it.
      capacities = context.graph.ofType(CAPACITY_TYPE);
      if (capacities.length === 0) return context.notAssessed(`no Security Copilot capacity (${CAPACITY_TYPE}) is in the input; ${ATTEST}`);
    } else {
      if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
      capacities = [resource];
    }
    for (const capacity of capacities) {
      const units = get(capacity, 'properties', 'numberOfUnits');
      if (isUnknown(units)) return context.unknown(units.reason);
      if (typeof units === 'number' && units >= 1) return;
    }
    // Informational: never a failure (catalog §5).
    return context.notAssessed(`Security Copilot capacity "${(capacities[0] as Resource).name}" has no Security Compute Units; ${ATTEST}`);
  },
});
