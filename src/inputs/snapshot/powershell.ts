import { Unknown } from '../../model/value.js';

/**
 * PowerShell's `ConvertTo-Json` writes what lies deeper than its `-Depth` (2 unless told) as text:
 * an object as `@{name=…; …}`, a hashtable or a list as its .NET type name. An export made with
 * `Search-AzGraph … | ConvertTo-Json` without `-Depth` has most VM and network settings cut so, and
 * a check reading such text as a setting would be wrong without a word.
 */
const CUT = /^@\{.*\}$|^System\.(?:Object\[\]|Collections\.[\w.`[\], ]+|Management\.Automation\.PSCustomObject)$/s;

const DEPTH_CUT_REASON = 'the export holds this value as text: ConvertTo-Json cut it at its -Depth (export again with -Depth 100)';

/** Whether a string is what ConvertTo-Json writes for a value past its depth. */
export function isDepthCut(text: string): boolean {
  const first = text.charCodeAt(0);
  return (first === 0x40 || first === 0x53) && CUT.test(text);
}

/**
 * Replaces, in place, every value of the rows that ConvertTo-Json cut short with an Unknown saying
 * so; returns how many there were.
 */
export function markDepthCuts(rows: unknown[]): number {
  return depthCuts(rows, true);
}

/** Whether a value holds one that ConvertTo-Json cut short (looked for without changing it). */
export function holdsDepthCut(value: unknown): boolean {
  return depthCuts([value], false) > 0;
}

/** The values cut short, counted and, with `mark`, replaced. The walk keeps its own stack, so nesting depth is no limit. */
function depthCuts(rows: unknown[], mark: boolean): number {
  let cuts = 0;
  const stack: unknown[] = [rows];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'string' && isDepthCut(item)) {
          if (mark) node[i] = new Unknown(DEPTH_CUT_REASON);
          cuts++;
        } else if (item !== null && typeof item === 'object') stack.push(item);
      }
    } else if (node !== null && typeof node === 'object' && !(node instanceof Unknown)) {
      const record = node as Record<string, unknown>;
      for (const key in record) {
        const item = record[key];
        // An own `__proto__` key stays as it is, as elsewhere in the reader.
        if (typeof item === 'string' && isDepthCut(item) && key !== '__proto__') {
          if (mark) record[key] = new Unknown(DEPTH_CUT_REASON);
          cuts++;
        } else if (item !== null && typeof item === 'object') stack.push(item);
      }
    }
  }
  return cuts;
}

/** What Microsoft Graph names its Conditional Access policies with (they carry no `@odata.type`). */
const GRAPH_POLICIES_CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies';

/**
 * An export of Microsoft Graph PowerShell (`Get-MgIdentityConditionalAccessPolicy`,
 * `Get-MgIdentityConditionalAccessNamedLocation`, … `| ConvertTo-Json -Depth 10`): a list (or one
 * object) of objects with PascalCase keys and an `AdditionalProperties` object (where `@odata.type`
 * and `@odata.context` are). Given back as Microsoft Graph writes it: camelCase keys, the additional
 * properties in place, one object as it is and a list as `{ value }`, Conditional Access policies
 * (which carry no `@odata.type`) named by `@odata.context`. Undefined when the value is not such an
 * export; `cut` when ConvertTo-Json cut it at its depth: nothing of it is to be evaluated.
 */
export function graphPowerShellExport(value: unknown): { readonly graph: Record<string, unknown> } | { readonly cut: true } | undefined {
  const items = Array.isArray(value) ? value : [value];
  const first: unknown = items[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const policies = 'Conditions' in first && 'GrantControls' in first && 'State' in first;
  const additional = (first as Record<string, unknown>)['AdditionalProperties'];
  if (!policies && (typeof additional !== 'object' || additional === null)) return undefined;
  let cut = false;
  const camel = (node: unknown, depth: number): unknown => {
    // Graph's own nesting is a few levels; an object deeper than this is not one to evaluate.
    if (depth > 32) {
      cut = true;
      return undefined;
    }
    if (typeof node === 'string') {
      if (isDepthCut(node) || /^Microsoft\.Graph\.PowerShell\.Models\./.test(node)) cut = true;
      return node;
    }
    if (Array.isArray(node)) return node.map((item) => camel(item, depth + 1));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) {
      if (key === 'AdditionalProperties' && typeof item === 'object' && item !== null && !Array.isArray(item)) {
        for (const [extra, inner] of Object.entries(item)) out[extra] = camel(inner, depth + 1);
      } else {
        const name = key.charAt(0).toLowerCase() + key.slice(1);
        if (name !== '__proto__') out[name] = camel(item, depth + 1);
      }
    }
    return out;
  };
  const read = items.map((item) => camel(item, 0));
  if (cut) return { cut: true };
  if (policies) return { graph: { '@odata.context': GRAPH_POLICIES_CONTEXT, value: read } };
  return { graph: Array.isArray(value) ? { value: read } : (read[0] as Record<string, unknown>) };
}
