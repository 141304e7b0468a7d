import { describe, expect, it } from 'vitest';
import { scanTerraformCorpus, TERRAFORM_EXAMPLES, terraformProjects } from '../support/terraform-corpus.js';

/** Every project of the azurerm examples corpus reads without a crash and runs every rule (npm run corpus:terraform prints the figures). */
const projects = terraformProjects();

describe.skipIf(projects.length === 0)(`Terraform corpus (${TERRAFORM_EXAMPLES}; skipped when absent)`, () => {
  it('reads every project with no crash and no error', async () => {
    const result = await scanTerraformCorpus(projects);
    expect(result.crashes).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.projects).toBe(261);
    expect(result.evaluations).toBeGreaterThan(0);
  });
});
