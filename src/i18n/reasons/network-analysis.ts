import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: The network exposure analysis, the resource model and snapshots. */
export const NETWORK_ANALYSIS: readonly ReasonTemplate[] = [];
