/**
 * Azure resource ids: `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}[/{type}/{name}]...`
 * Ids compare case-insensitively; `idKey` is the comparison form.
 */
export function idKey(id: string): string {
  const lower = id.toLowerCase();
  return lower.endsWith('/') ? lower.replace(/\/+$/, '') : lower;
}

export interface ParsedResourceId {
  /** The scope the provider segment hangs from (subscription, resource group or parent resource). */
  readonly scope: string;
  /** Full type, such as `Microsoft.Network/virtualNetworks/subnets`. */
  readonly type: string;
  /** Full name, such as `vnet1/subnet1`. */
  readonly name: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
}

/** Parses the last provider segment of an id. Returns undefined for ids that are not resource ids. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const parts = id.split('/').filter((part) => part !== '');
  const providersAt = lastIndexOfIgnoreCase(parts, 'providers');
  if (providersAt < 0 || providersAt + 3 > parts.length) return undefined;
  const namespace = parts[providersAt + 1] as string;
  const rest = parts.slice(providersAt + 2);
  if (rest.length % 2 !== 0) return undefined;
  const types: string[] = [namespace];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    types.push(rest[i] as string);
    names.push(rest[i + 1] as string);
  }
  const subAt = indexOfIgnoreCase(parts, 'subscriptions');
  const rgAt = indexOfIgnoreCase(parts, 'resourceGroups');
  return {
    scope: '/' + parts.slice(0, providersAt).join('/'),
    type: types.join('/'),
    name: names.join('/'),
    ...(subAt >= 0 && parts[subAt + 1] !== undefined ? { subscriptionId: parts[subAt + 1] } : {}),
    ...(rgAt >= 0 && parts[rgAt + 1] !== undefined ? { resourceGroup: parts[rgAt + 1] } : {}),
  };
}

/** Builds an id from a scope, a full type and a full name (`a/b` for child resources). */
export function formatResourceId(scope: string, type: string, name: string): string {
  const [namespace, ...typeSegments] = type.split('/');
  const nameSegments = name.split('/');
  let id = `${scope.replace(/\/+$/, '')}/providers/${namespace}`;
  typeSegments.forEach((segment, i) => {
    id += `/${segment}/${nameSegments[i] ?? ''}`;
  });
  return id;
}

/** The parent resource id of a child resource id, or undefined for a top-level resource. */
export function parentId(id: string): string | undefined {
  // What formatResourceId(scope, parent type, parent name) gives, without parsing the id twice:
  // the segments up to the last `providers`, then `providers`, then all but the last type/name pair.
  const parts = id.split('/').filter((part) => part !== '');
  const providersAt = lastIndexOfIgnoreCase(parts, 'providers');
  if (providersAt < 0) return undefined;
  const rest = parts.length - providersAt - 2;
  if (rest < 4 || rest % 2 !== 0) return undefined;
  return (providersAt > 0 ? '/' + parts.slice(0, providersAt).join('/') : '') + '/providers/' + parts.slice(providersAt + 1, parts.length - 2).join('/');
}

export function sameType(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function indexOfIgnoreCase(parts: string[], word: string): number {
  return parts.findIndex((part) => part.toLowerCase() === word.toLowerCase());
}

function lastIndexOfIgnoreCase(parts: string[], word: string): number {
  const lower = word.toLowerCase();
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] as string;
    if (part.length === lower.length && part.toLowerCase() === lower) return i;
  }
  return -1;
}
