import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: ARM templates, their expressions and Bicep. */
export const TEMPLATES: readonly ReasonTemplate[] = [];
