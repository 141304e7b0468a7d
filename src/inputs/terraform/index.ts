// Terraform input: HCL root modules (with local modules) and `terraform show -json` plans.
export { readTerraformModule, automaticVarFiles, DEFAULT_SUBSCRIPTION, type TerraformOptions, type TerraformReadResult } from './read.js';
export { readTerraformPlan, isTerraformPlan } from './plan.js';
export { MAPPINGS, mappingFor } from './mapping/index.js';
