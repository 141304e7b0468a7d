import type { Diagnostic } from '../../model/input.js';

/**
 * The azurerm version `terraform init` installs, as far as the configuration tells it. Mappings
 * need its major where the provider's defaults changed between majors (azurerm 4.0 made Standard
 * the default SKU of public IPs and load balancers).
 *
 * Terraform selects one version of a provider for the whole configuration: the newest that meets
 * the constraints of the root module and of every module it calls ("Terraform considers these
 * constraints equal, and will only proceed if all of them can be met"), unless the dependency lock
 * file records one, which `terraform init` installs. When no version meets them all, init fails.
 * A pre-release (`5.0.0-beta1`) is selected only by an exact constraint (`=` or no operator);
 * inexact operators match releases only (developer.hashicorp.com/terraform/language/expressions/
 * version-constraints). `~> 3` means `~> 3.0` (Terraform writes it so in the lock file), `>= 3.0`
 * and below `4.0`.
 *
 * Versions are read as (major, minor, patch): what a set of constraints allows is a union of
 * ranges of releases, plus the pre-releases named exactly; no list of published versions is
 * consulted, so "the newest" of a range without an upper bound is the newest release (undefined).
 */

/** A release, `[major, minor, patch]`. */
type Release = readonly [number, number, number];

/** Releases from `low` (included) to `high` (excluded; undefined: no upper bound). */
interface Range {
  readonly low: Release;
  readonly high: Release | undefined;
}

interface Version {
  readonly release: Release;
  /** The pre-release identifiers (`beta1` in `5.0.0-beta1`), or undefined for a release. */
  readonly pre: string | undefined;
}

interface Condition {
  readonly operator: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';
  readonly version: Version;
  /** How many of major, minor, patch were written (`~> 3.1` allows minors to grow, `~> 3.1.0` patches). */
  readonly parts: number;
}

const CONDITION = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/;

/** The conditions of one constraint string (`">= 3.0, < 4.0"`), or undefined when it cannot be read. */
function parseConstraint(constraint: string): Condition[] | undefined {
  const conditions: Condition[] = [];
  for (const part of constraint.split(',')) {
    const match = CONDITION.exec(part);
    if (!match) return undefined;
    const [, operator = '=', major, minor, patch, pre] = match;
    conditions.push({
      operator: operator as Condition['operator'],
      version: { release: [Number(major), Number(minor ?? 0), Number(patch ?? 0)], pre },
      parts: patch !== undefined ? 3 : minor !== undefined ? 2 : 1,
    });
  }
  return conditions;
}

function compareReleases(a: Release, b: Release): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Semantic-versioning precedence: a pre-release comes before its release; identifiers compare numerically or as text. */
function compareVersions(a: Version, b: Version): number {
  const releases = compareReleases(a.release, b.release);
  if (releases !== 0 || a.pre === b.pre) return releases;
  if (a.pre === undefined) return 1;
  if (b.pre === undefined) return -1;
  const left = a.pre.split('.');
  const right = b.pre.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [x, y] = [left[i] as string, right[i] as string];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

const next = (release: Release): Release => [release[0], release[1], release[2] + 1];
const ZERO: Release = [0, 0, 0];

/** The upper end (excluded) of a `~>` condition: the next minor for `~> 3.1.0`, else the next major. */
function pessimisticEnd(condition: Condition): Release {
  const [major, minor] = condition.version.release;
  return condition.parts === 3 ? [major, minor + 1, 0] : [major + 1, 0, 0];
}

/** The releases one condition allows. A bound that is a pre-release compares with releases as its release does. */
function rangesOf(condition: Condition): Range[] {
  const { release, pre } = condition.version;
  switch (condition.operator) {
    case '=':
      return pre === undefined ? [{ low: release, high: next(release) }] : [];
    case '!=':
      return pre === undefined
        ? [
            { low: ZERO, high: release },
            { low: next(release), high: undefined },
          ]
        : [{ low: ZERO, high: undefined }];
    case '>':
      return [{ low: pre === undefined ? next(release) : release, high: undefined }];
    case '>=':
      return [{ low: release, high: undefined }];
    case '<':
      return [{ low: ZERO, high: release }];
    case '<=':
      return [{ low: ZERO, high: pre === undefined ? next(release) : release }];
    case '~>':
      return [{ low: release, high: pessimisticEnd(condition) }];
  }
}

function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const x of a) {
    for (const y of b) {
      const low = compareReleases(x.low, y.low) >= 0 ? x.low : y.low;
      const high = x.high === undefined ? y.high : y.high === undefined ? x.high : compareReleases(x.high, y.high) <= 0 ? x.high : y.high;
      if (high === undefined || compareReleases(low, high) < 0) out.push({ low, high });
    }
  }
  return out;
}

/** Whether a pre-release meets a condition, by semantic-versioning precedence. */
function meets(version: Version, condition: Condition): boolean {
  const order = compareVersions(version, condition.version);
  switch (condition.operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '~>':
      return order >= 0 && compareVersions(version, { release: pessimisticEnd(condition), pre: undefined }) < 0;
  }
}

/** What the conditions together allow: ranges of releases, and pre-releases named exactly. */
interface Allowed {
  readonly releases: Range[];
  readonly prereleases: Version[];
}

function allowedBy(conditions: readonly Condition[]): Allowed {
  let releases: Range[] = [{ low: ZERO, high: undefined }];
  for (const condition of conditions) releases = intersect(releases, rangesOf(condition));
  const named = conditions.filter((c) => c.operator === '=' && c.version.pre !== undefined).map((c) => c.version);
  return { releases, prereleases: named.filter((version) => conditions.every((condition) => meets(version, condition))) };
}

/**
 * The major of the newest version allowed: undefined when the releases allowed have no upper bound
 * (the newest release) or nothing is allowed. The newest release below an excluded `4.0.0` is a 3.x.
 */
function newestMajorOf(allowed: Allowed): number | undefined {
  let newest: number | undefined;
  for (const { high } of allowed.releases) {
    if (high === undefined) return undefined;
    const major = high[1] === 0 && high[2] === 0 ? high[0] - 1 : high[0];
    newest = newest === undefined ? major : Math.max(newest, major);
  }
  for (const { release } of allowed.prereleases) newest = newest === undefined ? release[0] : Math.max(newest, release[0]);
  return newest;
}

const isEmpty = (allowed: Allowed): boolean => allowed.releases.length === 0 && allowed.prereleases.length === 0;

/**
 * The major version `terraform init` installs for one constraint (`">= 3.0"`, `"~> 3.50"`,
 * `">= 3.0, < 4.0"`): the newest it allows. Undefined when it sets no upper bound (the newest
 * release), allows nothing, or cannot be read.
 */
export function newestMajor(constraint: string): number | undefined {
  const conditions = parseConstraint(constraint);
  return conditions ? newestMajorOf(allowedBy(conditions)) : undefined;
}

/** One module's constraint on azurerm, and where it is written. */
export interface ProviderConstraint {
  readonly constraint: string;
  /** The file, as reports name it. */
  readonly file: string;
  /** `root module` or `module.net` (the first call that reads the module). */
  readonly module: string;
  readonly root: boolean;
  readonly line?: number;
}

export interface ProviderSelection {
  /** The major the mappings read defaults by; undefined: the newest release. */
  readonly major: number | undefined;
  readonly diagnostics: Diagnostic[];
}

const described = (c: ProviderConstraint): string => `"${c.constraint}" (${c.module}, ${c.file})`;
const majorText = (major: number | undefined): string => (major === undefined ? 'the newest release' : `azurerm ${major}.x`);

/**
 * The azurerm major a configuration gets: the lock file's version when there is one, else the
 * newest version meeting every module's constraint. When they exclude one another `terraform init`
 * fails; the scan says so and reads the configuration with the root module's own constraint (the
 * one its authors set for the version they run, and what the scan read before it read modules'
 * constraints), or as the newest release when that alone allows nothing either.
 */
export function selectProviderVersion(constraints: readonly ProviderConstraint[], locked: string | undefined): ProviderSelection {
  const diagnostics: Diagnostic[] = [];
  const readable: { constraint: ProviderConstraint; conditions: Condition[] }[] = [];
  for (const constraint of constraints) {
    const conditions = parseConstraint(constraint.constraint);
    if (conditions) readable.push({ constraint, conditions });
    else
      diagnostics.push({
        severity: 'warning',
        message: `${constraint.file}: the azurerm version constraint "${constraint.constraint}" (${constraint.module}) cannot be read; it is left out of the provider version`,
        ...(constraint.line !== undefined ? { line: constraint.line } : {}),
      });
  }
  const all = allowedBy(readable.flatMap((r) => r.conditions));
  if (locked !== undefined) {
    const version = parseConstraint(locked);
    if (version && readable.length > 0 && isEmpty(allowedBy([...readable.flatMap((r) => r.conditions), ...version]))) {
      diagnostics.push({
        severity: 'warning',
        message: `.terraform.lock.hcl records azurerm ${locked}, which does not meet the configuration's constraints ${readable.map((r) => described(r.constraint)).join(', ')}: terraform init fails until it is run with -upgrade; read as ${locked}, the version installed`,
      });
    }
    return { major: newestMajor(locked), diagnostics };
  }
  if (readable.length === 0 || !isEmpty(all)) return { major: newestMajorOf(all), diagnostics };
  const root = readable.filter((r) => r.constraint.root);
  const rootAllowed = allowedBy(root.flatMap((r) => r.conditions));
  const fallback = root.length > 0 && !isEmpty(rootAllowed) ? newestMajorOf(rootAllowed) : undefined;
  diagnostics.push({
    severity: 'warning',
    message:
      `No azurerm version meets every module's constraint (${readable.map((r) => described(r.constraint)).join(', ')}): terraform init fails. ` +
      `Read with ${root.length > 0 && !isEmpty(rootAllowed) ? "the root module's constraint" : 'no constraint'}, as ${majorText(fallback)}`,
  });
  return { major: fallback, diagnostics };
}
