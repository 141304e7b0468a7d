import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: Rules of points 1 and 2 (connection, virtual network), and their shared helpers. */
export const NETWORK_RULES: readonly ReasonTemplate[] = [];
