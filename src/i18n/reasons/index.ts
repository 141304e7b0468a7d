import type { ReasonTemplate } from '../reasons.js';
import { COMPUTE, COMPUTE_PHRASES } from './compute.js';
import { IDENTITY_MONITORING, IDENTITY_MONITORING_PHRASES } from './identity-monitoring.js';
import { NETWORK_ANALYSIS } from './network-analysis.js';
import { NETWORK_RULES, NETWORK_RULES_PHRASES } from './network-rules.js';
import { TEMPLATES } from './templates.js';
import { TERRAFORM } from './terraform.js';

/** Every reason template, by where the reasons arise. Of two that match one reason, the first listed wins. */
export const REASONS: readonly ReasonTemplate[] = [...COMPUTE, ...NETWORK_RULES, ...IDENTITY_MONITORING, ...NETWORK_ANALYSIS, ...TEMPLATES, ...TERRAFORM];

/**
 * Templates of the phrases rules put in finding data. Only those values are matched against them
 * (before the reasons, which phrases may hold): a phrase such as `public IP {{name}}` would take
 * any reason that starts with its words.
 */
export const PHRASES: readonly ReasonTemplate[] = [...COMPUTE_PHRASES, ...NETWORK_RULES_PHRASES, ...IDENTITY_MONITORING_PHRASES];
