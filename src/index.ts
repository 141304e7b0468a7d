// The public library API of azvmsec: the only barrel. Everything else is internal.
export { scan, buildReport, type ScanOptions } from './scan.js';
export type { Report, Evaluation, Finding, FindingLocation, PillarSummary, ResourceRef, Status } from './findings/types.js';
export type { Diagnostic, InputKind, InputSummary } from './model/input.js';
export { RULES, findRule } from './rules/index.js';
export { defineRule, type Rule, type RuleContext, type RuleMeta, type RuleCatalogEntry, type Mappings } from './rules/define-rule.js';
export { PILLARS, PILLAR_TITLES, SEVERITIES, type Pillar, type Severity } from './rules/pillars.js';
export { ResourceGraph } from './model/graph.js';
export { Unknown, isUnknown, type Value } from './model/value.js';
export type { Resource } from './model/resource.js';
export type { SourceLocation } from './model/source.js';
export { jsonReport, REPORT_SCHEMA_VERSION } from './reporters/json.js';
export { terminalReport, type TerminalOptions } from './reporters/terminal.js';
export { LOCALES, type Locale } from './i18n/locale.js';
export { VERSION } from './version.js';
