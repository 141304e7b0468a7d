import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: Terraform projects and plans. */
export const TERRAFORM: readonly ReasonTemplate[] = [];
