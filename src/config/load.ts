import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { z } from 'zod';
import type { Rule } from '../rules/define-rule.js';
import type { Severity } from '../rules/pillars.js';
import { configSchema, type Config } from './schema.js';
import { appendAll } from '../model/arrays.js';

/** The file names looked for, upward from the scan root. */
export const CONFIG_FILE_NAMES = ['.azvmsec.yaml', '.azvmsec.yml'] as const;

/** One problem in a configuration file, with where it is. */
export interface ConfigIssue {
  /** Dotted path of the key (`rules.AZV-NET-002.options.ports[0]`); empty for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

// The YAML parser is a sizeable share of start-up and only a scan with a configuration file needs
// it, so it is loaded on first use (synchronously: yaml is CommonJS under Node).
let yaml: typeof Yaml | undefined;
const loadYaml = (): typeof Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/** Parses and validates the text of `.azvmsec.yaml` (pure: the CLI reads the file). */
export function parseConfig(text: string): ConfigResult {
  let document: Yaml.Document.Parsed;
  let value: unknown;
  try {
    document = loadYaml().parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    // Aliases expanded past yaml's bound (a "billion laughs" file) throw here, as does nesting past the stack.
    value = document.errors.length > 0 ? undefined : document.toJS();
  } catch (error) {
    const message = error instanceof RangeError ? 'nested too deeply to read' : error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: '', message }] };
  }
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => ({
        path: '',
        message: /call stack/i.test(error.message)
          ? 'nested too deeply to read'
          : (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
        ...(error.linePos?.[0] ? { line: error.linePos[0].line } : {}),
      })),
    };
  }
  const parsed = configSchema().safeParse(value ?? {});
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error.issues) };
  return { ok: true, config: parsed.data };
}

export function zodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ConfigIssue[] {
  return issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = formatPath([...prefix, ...issue.path]);
    if (keys.length > 0) {
      return { path, message: `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (check the spelling)` };
    }
    return { path, message: issue.message };
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** The configuration turned into what the engine takes, checked against the rules that exist. */
export interface ResolvedConfig {
  /** Rule ids turned off. */
  readonly disabled: ReadonlySet<string>;
  /** Rule ids turned on explicitly (a preview rule runs only so). */
  readonly enabled: ReadonlySet<string>;
  readonly severities: ReadonlyMap<string, Severity>;
  /** Options parsed by each rule's own schema (defaults filled in). */
  readonly ruleOptions: ReadonlyMap<string, unknown>;
}

/** The rules a run takes: stable ones unless turned off, and any turned on explicitly. */
export function selectRules<R extends Rule>(rules: readonly R[], resolved: ResolvedConfig): R[] {
  return rules.filter((rule) => !resolved.disabled.has(rule.id) && (rule.status === 'stable' || resolved.enabled.has(rule.id)));
}

/**
 * Checks rule ids against the catalogue and each rule's options against the rule's own zod
 * schema. Issues carry the path in the file, like schema issues.
 */
export function resolveConfig(config: Config, rules: readonly Rule[]): { resolved: ResolvedConfig; issues: ConfigIssue[] } {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const issues: ConfigIssue[] = [];
  const disabled = new Set<string>();
  const enabled = new Set<string>();
  const severities = new Map<string, Severity>();
  const ruleOptions = new Map<string, unknown>();
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) {
      issues.push({ path: `rules.${id}`, message: `no rule ${id} (azvmsec rules lists them)` });
      continue;
    }
    if (setting === 'off') disabled.add(id);
    if (setting === 'on') enabled.add(id);
    if (typeof setting !== 'object') continue;
    if (setting.enabled === false) disabled.add(id);
    if (setting.enabled === true) enabled.add(id);
    if (setting.severity) severities.set(id, setting.severity);
    if (setting.options !== undefined) {
      if (!rule.options) {
        issues.push({ path: `rules.${id}.options`, message: `${id} takes no options` });
        continue;
      }
      const parsed = rule.options.safeParse(setting.options);
      if (parsed.success) ruleOptions.set(id, parsed.data);
      else appendAll(issues, zodIssues(parsed.error.issues, ['rules', id, 'options']));
    }
  }
  for (const [index, entry] of [...(config.suppressions ?? []), ...(config.attestations ?? [])].entries()) {
    if (byId.has(entry.rule)) continue;
    const suppressions = config.suppressions?.length ?? 0;
    const path = index < suppressions ? `suppressions[${index}].rule` : `attestations[${index - suppressions}].rule`;
    issues.push({ path, message: `no rule ${entry.rule} (azvmsec rules lists them)` });
  }
  return { resolved: { disabled, enabled, severities, ruleOptions }, issues };
}
