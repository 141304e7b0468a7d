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

/**
 * The full type and name of a resource id: what `parseResourceId` gives for them, without the rest.
 * An id written plainly is read in place (the snapshot reader asks this of every row).
 */
export function resourceTypeAndName(id: string): { type: string; name: string } | undefined {
  const plain = plainSegments(id);
  if (plain === undefined) {
    const parsed = parseResourceId(id);
    return parsed ? { type: parsed.type, name: parsed.name } : undefined;
  }
  const { providersStart, after } = plain;
  if (providersStart < 0 || after < 3 || after % 2 !== 1) return undefined;
  const namespaceStart = providersStart + 10;
  const last = id.lastIndexOf('/');
  if (after === 3) return { type: id.slice(namespaceStart, last), name: id.slice(last + 1) };
  let at = id.indexOf('/', namespaceStart);
  let type = id.slice(namespaceStart, at);
  let name = '';
  for (let pair = 0; at >= 0; pair++) {
    const typeEnd = id.indexOf('/', at + 1);
    const nameEnd = id.indexOf('/', typeEnd + 1);
    type += '/' + id.slice(at + 1, typeEnd);
    name += (pair === 0 ? '' : '/') + id.slice(typeEnd + 1, nameEnd < 0 ? undefined : nameEnd);
    at = nameEnd;
  }
  return { type, name };
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
  // An id written plainly (one leading slash, no empty segment) is read in place, without splitting:
  // the graph asks this of every resource and of every id a body refers to.
  const plain = plainSegments(id);
  if (plain !== undefined) {
    const { providersStart, after } = plain;
    if (providersStart < 0 || after < 5 || after % 2 !== 1) return undefined;
    // Start of the second-to-last segment: the parent ends just before it.
    const last = id.lastIndexOf('/');
    const cut = id.lastIndexOf('/', last - 1);
    return id.slice(0, providersStart) + 'providers' + id.slice(providersStart + 9, cut);
  }
  const parts = id.split('/').filter((part) => part !== '');
  const providersAt = lastIndexOfIgnoreCase(parts, 'providers');
  if (providersAt < 0) return undefined;
  const rest = parts.length - providersAt - 2;
  if (rest < 4 || rest % 2 !== 0) return undefined;
  return (providersAt > 0 ? '/' + parts.slice(0, providersAt).join('/') : '') + '/providers/' + parts.slice(providersAt + 1, parts.length - 2).join('/');
}

/**
 * Whether two types (or any two strings) are equal ignoring case, as `toLowerCase` compares them,
 * without making lower-case copies: ASCII letters are compared folded, and the first other
 * difference goes to `toLowerCase`. A snapshot reader asks it of every row.
 */
export function sameType(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return a.toLowerCase() === b.toLowerCase();
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x === y) continue;
    return x < 0x80 && y < 0x80 ? false : a.toLowerCase() === b.toLowerCase();
  }
  return true;
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

/**
 * For an id with one leading slash, no empty segment and no trailing slash (as Azure writes ids),
 * where its last `providers` segment (any case) starts and how many segments follow it; undefined
 * for any other id, which the callers then split the careful way. Reads the id in place.
 */
function plainSegments(id: string): { providersStart: number; after: number } | undefined {
  const length = id.length;
  if (length < 2 || id.charCodeAt(0) !== 0x2f || id.charCodeAt(length - 1) === 0x2f) return undefined;
  let providersStart = -1;
  let after = 0;
  let end = length;
  for (let i = length - 1; i >= 0; i--) {
    if (id.charCodeAt(i) !== 0x2f) continue;
    if (i + 1 === end) return undefined;
    if (providersStart < 0) {
      if (end - i - 1 === 9 && isProviders(id, i + 1)) providersStart = i + 1;
      else after++;
    }
    end = i;
  }
  return { providersStart, after };
}

/** `providers` in any case at `at`: ASCII letters compared case-insensitively (no other character lowercases to one of them). */
function isProviders(id: string, at: number): boolean {
  for (let k = 0; k < 9; k++) {
    if ((id.charCodeAt(at + k) | 0x20) !== PROVIDERS.charCodeAt(k)) return false;
  }
  return true;
}

const PROVIDERS = 'providers';
