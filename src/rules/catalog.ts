import type { Rule, RuleCatalogEntry } from './define-rule.js';

/** A rule's metadata as plain data, for reporters, docs and `azvmsec rules --format json`. */
export function catalogEntry(rule: Rule): Omit<RuleCatalogEntry, 'options' | 'messages'> & { messages: RuleCatalogEntry['messages'] } {
  return {
    id: rule.id,
    name: rule.name,
    pillar: rule.pillar,
    severity: rule.severity,
    status: rule.status,
    since: rule.since,
    resourceTypes: rule.resourceTypes,
    title: rule.title,
    fix: rule.fix,
    messages: rule.messages,
    mappings: rule.mappings,
  };
}
