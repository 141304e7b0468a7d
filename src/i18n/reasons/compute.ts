import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: Rules of point 3 (the VM itself) and of recovery, and their shared helpers. */
export const COMPUTE: readonly ReasonTemplate[] = [];
