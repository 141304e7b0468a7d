import type { Mappings, RuleCatalogEntry } from '../rules/define-rule.js';

/**
 * Profiles select rules by the framework controls they map to. They are built from each rule's
 * `mappings` metadata, never copied: a rule joins a profile by declaring a control of it. Preview
 * and deprecated rules stay out. The rule list of each profile is pinned by test/unit/profiles.test.ts.
 */
export interface ProfileDefinition {
  readonly id: string;
  readonly title: string;
  /** The key of `mappings` the profile reads. */
  readonly mapping: keyof Mappings;
}

export const PROFILES: readonly ProfileDefinition[] = [
  { id: 'mcsb-v1', title: 'Microsoft cloud security benchmark v1', mapping: 'mcsb-v1' },
  { id: 'cis-azure-5.0.0', title: 'CIS Microsoft Azure Foundations Benchmark v5.0.0', mapping: 'cis-azure-5.0.0' },
];

/** Short names accepted by --profile. */
const ALIASES: Readonly<Record<string, string>> = { mcsb: 'mcsb-v1', cis: 'cis-azure-5.0.0', 'cis-azure': 'cis-azure-5.0.0' };

export function findProfile(name: string): ProfileDefinition | undefined {
  const id = ALIASES[name.toLowerCase()] ?? name.toLowerCase();
  return PROFILES.find((profile) => profile.id === id);
}

/** The rules of a profile: stable rules that map to at least one of its controls, by id. */
export function profileRules<R extends RuleCatalogEntry>(profile: ProfileDefinition, rules: readonly R[]): R[] {
  return rules.filter((rule) => rule.status === 'stable' && (rule.mappings[profile.mapping]?.length ?? 0) > 0).sort((a, b) => a.id.localeCompare(b.id));
}

/** Controls of the profile the rules cover, each with its rules, in control order (NS-1 < NS-10, 7.2 < 7.10). */
export function profileControls(
  profile: ProfileDefinition,
  rules: readonly RuleCatalogEntry[],
): { readonly control: string; readonly ruleIds: readonly string[] }[] {
  const controls = new Map<string, string[]>();
  for (const rule of profileRules(profile, rules)) {
    for (const control of rule.mappings[profile.mapping] ?? []) controls.set(control, [...(controls.get(control) ?? []), rule.id]);
  }
  return [...controls.entries()].sort(([a], [b]) => compareControls(a, b)).map(([control, ruleIds]) => ({ control, ruleIds }));
}

export function compareControls(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
