/** What kind of ARM document a parsed JSON file is, from its `$schema`. */
export type ArmDocumentKind = 'template' | 'parameters' | 'other';

const TEMPLATE_SCHEMA = /(deploymentTemplate|subscriptionDeploymentTemplate|managementGroupDeploymentTemplate|tenantDeploymentTemplate)\.json/i;
const PARAMETERS_SCHEMA = /deploymentParameters\.json/i;

export function detectArmDocument(value: unknown): ArmDocumentKind {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'other';
  const schema = (value as Record<string, unknown>)['$schema'];
  if (typeof schema !== 'string') return 'other';
  if (TEMPLATE_SCHEMA.test(schema)) return 'template';
  if (PARAMETERS_SCHEMA.test(schema)) return 'parameters';
  return 'other';
}

/** Whether a template says Bicep wrote it (`metadata._generator.name`, as `az bicep build` writes it). */
export function builtByBicep(value: unknown): boolean {
  const field = (object: unknown, key: string): unknown =>
    typeof object === 'object' && object !== null && !Array.isArray(object) ? (object as Record<string, unknown>)[key] : undefined;
  const name = field(field(field(value, 'metadata'), '_generator'), 'name');
  return typeof name === 'string' && name.toLowerCase() === 'bicep';
}

/** Cheap pre-check on the first bytes, so large non-ARM JSON files are not parsed at all. */
export function mayBeArmDocument(head: string): boolean {
  return TEMPLATE_SCHEMA.test(head) || PARAMETERS_SCHEMA.test(head);
}

/** The deployment scope a template's `$schema` names. */
export function templateScope(schema: string): 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant' {
  if (/subscriptionDeploymentTemplate/i.test(schema)) return 'subscription';
  if (/managementGroupDeploymentTemplate/i.test(schema)) return 'managementGroup';
  if (/tenantDeploymentTemplate/i.test(schema)) return 'tenant';
  return 'resourceGroup';
}

/**
 * The parameter file names paired with a template automatically: `x.json` (or the Bicep file
 * `x.bicep`) → `x.parameters.json`, then `x.parameters.local.json`.
 */
export function pairedParameterFileNames(templateFileName: string): string[] {
  const base = templateFileName.replace(/\.(json|bicep)$/i, '');
  return [`${base}.parameters.json`, `${base}.parameters.local.json`];
}
