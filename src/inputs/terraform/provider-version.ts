/**
 * The major version of a provider that `terraform init` installs for a version constraint
 * (`">= 3.0"`, `"~> 3.50"`, `">= 3.0, < 4.0"`): the newest the constraint allows. Mappings need it
 * where a provider's defaults changed between majors (azurerm 4.0 made Standard the default SKU of
 * public IPs and load balancers). Undefined when the constraint has no upper bound (the newest
 * release) or cannot be read.
 */
export function newestMajor(constraint: string): number | undefined {
  let newest: number | undefined;
  for (const part of constraint.split(',')) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?\s*$/.exec(part);
    if (!match) return undefined;
    const [, operator = '=', major, minor, patch] = match;
    const bound = majorBound(operator, Number(major), minor === undefined ? undefined : Number(minor), patch === undefined ? undefined : Number(patch));
    if (bound !== undefined) newest = newest === undefined ? bound : Math.min(newest, bound);
  }
  return newest;
}

/** The highest major one constraint allows, or undefined when it sets no upper bound. */
function majorBound(operator: string, major: number, minor: number | undefined, patch: number | undefined): number | undefined {
  switch (operator) {
    case '=':
    case '<=':
      return major;
    case '<':
      // "< 4.0" and "< 4" stop before 4.0.0; "< 4.1" allows 4.0.x.
      return (minor ?? 0) === 0 && (patch ?? 0) === 0 ? major - 1 : major;
    case '~>':
      // "~> 3.50" allows 3.50 up to 4.0 (excluded); "~> 3" allows any version from 3 on.
      return minor === undefined ? undefined : major;
    default:
      return undefined;
  }
}
