import type { ReasonTemplate } from '../reasons.js';
import { COMPUTE } from './compute.js';
import { IDENTITY_MONITORING } from './identity-monitoring.js';
import { NETWORK_ANALYSIS } from './network-analysis.js';
import { NETWORK_RULES } from './network-rules.js';
import { TEMPLATES } from './templates.js';
import { TERRAFORM } from './terraform.js';

/** Every reason template, by where the reasons arise. Of two that match one reason, the first listed wins. */
export const REASONS: readonly ReasonTemplate[] = [...COMPUTE, ...NETWORK_RULES, ...IDENTITY_MONITORING, ...NETWORK_ANALYSIS, ...TEMPLATES, ...TERRAFORM];
