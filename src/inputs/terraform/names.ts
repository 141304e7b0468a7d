/** A configuration file Terraform reads: `.tf`, or `.tf.json` in its JSON syntax (as CDK for Terraform writes it). */
export function isTerraformFileName(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}
