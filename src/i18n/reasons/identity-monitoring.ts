import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: Rules of points 4 and 5 (Entra ID, monitoring), their shared helpers and the identity analyses. */
export const IDENTITY_MONITORING: readonly ReasonTemplate[] = [];
