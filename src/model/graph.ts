import { appendAll } from './arrays.js';
import { pushTo } from './multimap.js';
import { mergedDeclarations } from './declarations.js';
import { createResource, type Resource } from './resource.js';
import { idKey, parentId, parseResourceId } from './resource-id.js';
import type { SourceLocation, SourceMap } from './source.js';
import { escapePointerToken, findKey, isObject, isUnknown, prop, setMember, Unknown, type Value, type ValueObject } from './value.js';

/**
 * Child resource types that Azure Resource Graph shows inside their parent's `properties`, by
 * lower-case child type → property name. A child declared on its own (in a template, say) is
 * merged into its parent; a child written inline is also addressable by its own id.
 */
export const EMBEDDED_CHILDREN: Readonly<Record<string, string>> = {
  'microsoft.network/networksecuritygroups/securityrules': 'securityRules',
  'microsoft.network/virtualnetworks/subnets': 'subnets',
  'microsoft.network/virtualnetworks/virtualnetworkpeerings': 'virtualNetworkPeerings',
  'microsoft.network/routetables/routes': 'routes',
  'microsoft.network/networkinterfaces/ipconfigurations': 'ipConfigurations',
  'microsoft.network/loadbalancers/frontendipconfigurations': 'frontendIPConfigurations',
  'microsoft.network/loadbalancers/backendaddresspools': 'backendAddressPools',
  'microsoft.network/loadbalancers/inboundnatrules': 'inboundNatRules',
  'microsoft.network/loadbalancers/inboundnatpools': 'inboundNatPools',
  'microsoft.network/loadbalancers/loadbalancingrules': 'loadBalancingRules',
  'microsoft.network/loadbalancers/probes': 'probes',
  'microsoft.network/loadbalancers/outboundrules': 'outboundRules',
  'microsoft.network/applicationgateways/backendaddresspools': 'backendAddressPools',
  'microsoft.network/applicationgateways/frontendipconfigurations': 'frontendIPConfigurations',
  'microsoft.network/azurefirewalls/ipconfigurations': 'ipConfigurations',
  'microsoft.network/virtualnetworkgateways/ipconfigurations': 'ipConfigurations',
  'microsoft.network/bastionhosts/ipconfigurations': 'ipConfigurations',
};

/** What following a reference gives: the resource, or Unknown saying why it cannot be followed. */
export type Resolved = Resource | Unknown;

/**
 * What the inputs cannot hold about the network, said in the configuration (`.azvmsec.yaml`,
 * `network`): facts the analyses read with the resources.
 */
export interface NetworkFacts {
  /**
   * The address prefixes advertised to Azure over BGP (ExpressRoute, BGP VPN, Route Server,
   * virtual WAN): Azure puts them in the `VirtualNetwork` tag of the VNets that learn them. One
   * list for every source, or a list per source by the name or id of the gateway, Route Server or
   * virtual hub that learns them (`*` for any other).
   */
  readonly bgpPrefixes?: readonly string[] | Readonly<Record<string, readonly string[]>>;
}

/**
 * The normalized resource graph every rule reads. Resources are in the ARM / Resource Graph shape;
 * ids compare case-insensitively; child resources are merged into their parents and also
 * addressable by id.
 */
export class ResourceGraph {
  /**
   * Top-level resources (and children Resource Graph lists on their own, such as VM extensions):
   * the inputs in the order their paths sort, each input's resources in the order it gives them.
   * `ofType` lists them in that order too, so that what a rule or analysis finds first (the NIC
   * an estate-wide unknown names, the first flow log or gateway) is the same whatever order the
   * inputs are named in.
   */
  readonly resources: readonly Resource[];
  /** By id key: the resource, or the resources of several inputs with that id, in input order. */
  private readonly byKey = new Map<string, Resource | Resource[]>();
  /**
   * `byKey`'s answer for each id as written where it was asked (null: none). Ids in properties are
   * strings shared by every resource that names them, each hashed once; lower-casing one to its
   * key on every question was a new string to build and hash, millions of times on a large estate.
   */
  private readonly byWrittenId = new Map<string, Resource | Resource[] | null>();
  private readonly byTypeKey = new Map<string, Resource[]>();
  private readonly childrenByParent = new Map<string, Resource[]>();
  /** By lower-case type of the referring resources, built on first use: who references each resource. */
  private readonly referrersByType = new Map<string, Map<string, Referrer[]>>();
  private readonly derived = new Map<(graph: ResourceGraph) => unknown, unknown>();
  /** For an id several resources have: by input, the resource it declares (its declarations merged), and what other inputs read. */
  private readonly byInput = new Map<readonly Resource[], Declared>();
  /**
   * Id keys that resources of more than one input have: two copies of a template, two Terraform
   * roots with placeholder ids, a template beside the snapshot of what it deployed. Empty for one
   * input (a snapshot of a large estate), which the lookups below then pass by with one test.
   */
  private readonly sharedKeys = new Set<string>();

  /** Lower-case types, once per distinct type string: a large estate has few types and many resources. */
  private readonly typeKeys = new Map<string, string>();

  private typeKey(type: string): string {
    let lower = this.typeKeys.get(type);
    if (lower === undefined) {
      lower = type.toLowerCase();
      if (this.typeKeys.size < MAX_TYPE_KEYS) this.typeKeys.set(type, lower);
    }
    return lower;
  }

  constructor(
    resources: readonly Resource[],
    readonly network: NetworkFacts = {},
  ) {
    const topLevel: Resource[] = [];
    const declaredChildren: Resource[] = [];
    for (const resource of inPathOrder(resources)) {
      if (EMBEDDED_CHILD_TYPES.has(this.typeKey(resource.type)) && parentId(resource.id) !== undefined) {
        declaredChildren.push(resource);
      } else {
        topLevel.push(resource);
      }
    }
    const merged = mergeDeclaredChildren(topLevel, declaredChildren);
    this.resources = merged.resources;
    for (const resource of merged.resources) this.index(resource, this.typeKey(resource.type), true);
    for (const orphan of merged.orphans) this.index(orphan, this.typeKey(orphan.type), true);
    for (const list of [merged.resources, merged.orphans]) {
      for (const resource of list) {
        const collections = EMBEDDED_BY_PARENT.get(this.typeKey(resource.type));
        if (collections === undefined) continue;
        for (const child of embeddedChildren(resource, collections)) this.index(child, this.typeKey(child.type), false);
      }
    }
  }

  private index(resource: Resource, typeKey: string, listed: boolean): void {
    const same = this.byKey.get(resource.key);
    if (same === undefined) this.byKey.set(resource.key, resource);
    else {
      // The first entry's input is enough to compare with: an entry of another input marked the key already.
      if ((Array.isArray(same) ? (same[0] as Resource) : same).input !== resource.input) this.sharedKeys.add(resource.key);
      if (Array.isArray(same)) same.push(resource);
      else this.byKey.set(resource.key, [same, resource]);
    }
    pushTo(this.byTypeKey, typeKey, resource);
    if (!listed) return;
    const parent = parentId(resource.id);
    if (parent !== undefined) pushTo(this.childrenByParent, idKey(parent), resource);
  }

  /** Every resource of a type (case-insensitive), embedded children included. */
  ofType(type: string): readonly Resource[] {
    return this.byTypeKey.get(type.toLowerCase()) ?? [];
  }

  /**
   * The resource with this id. With `from`, the resource of `from`'s input where it has the id (two
   * templates are two deployments: each reads its own); otherwise, where several inputs have it,
   * the one read from Azure, or else the one of the input whose path sorts first. Several
   * declarations of the id in one input are read as one, unknown where they differ.
   */
  get(id: string, from?: Resource): Resource | undefined {
    let candidates = this.byWrittenId.get(id);
    if (candidates === undefined) {
      candidates = this.byKey.get(idKey(id)) ?? null;
      if (this.byWrittenId.size < MAX_WRITTEN_IDS) this.byWrittenId.set(id, candidates);
    }
    if (candidates === null) return undefined;
    if (!Array.isArray(candidates)) return candidates;
    const declared = this.declared(candidates);
    return (from && declared.byInput.get(from.input)) || declared.elsewhere;
  }

  private declared(candidates: readonly Resource[]): Declared {
    let declared = this.byInput.get(candidates);
    if (declared === undefined) {
      declared = declaredByInput(candidates);
      this.byInput.set(candidates, declared);
    }
    return declared;
  }

  /**
   * The key that tells a resource from the resource of another input with the same id: its id
   * key, with its input added where another input has that id too. Indexes and memos of resources
   * key them by it (not by `key`), so that two templates deploying the same ids (two folders of
   * one template, two Terraform roots with placeholder ids) are never read as one.
   */
  keyOf(resource: Resource): string {
    if (this.sharedKeys.size === 0 || !this.sharedKeys.has(resource.key)) return resource.key;
    return resource.key + INPUT_SEPARATOR + resource.input;
  }

  /**
   * The `keyOf` of the resource that the id key `key` names when `from` names it, as `get` follows
   * it (`key` itself for an id only one input has): an index of what references what keys a
   * reference by it.
   */
  referenceKey(key: string, from: Resource): string {
    if (this.sharedKeys.size === 0 || !this.sharedKeys.has(key)) return key;
    const declared = this.declared(this.byKey.get(key) as Resource[]);
    return key + INPUT_SEPARATOR + (declared.byInput.has(from.input) ? from.input : declared.elsewhere.input);
  }

  /**
   * Whether a reference from `from` to the id of `target` reads `target` (`get` from `from`): always
   * where one input alone has the id; where several have it, the resource of `from`'s own input, or
   * for an input without the id, the one `get` prefers.
   */
  reads(from: Resource, target: Resource): boolean {
    return this.referenceKey(target.key, from) === this.keyOf(target);
  }

  /**
   * Follows a reference value (an id string or an `{ id }` object, as ARM writes them). Unknown
   * when the id itself is unknown or the resource is not in the input.
   */
  resolve(reference: Value | undefined, from?: Resource): Resolved | undefined {
    if (reference === undefined || reference === null) return undefined;
    if (isUnknown(reference)) return reference;
    let id: Value | undefined = reference;
    if (isObject(reference)) {
      const key = findKey(reference, 'id');
      id = key === undefined ? undefined : reference[key];
    }
    if (id === undefined || id === null) return undefined;
    if (isUnknown(id)) return id;
    if (typeof id !== 'string') return new Unknown('the reference is not a resource id');
    const found = this.get(id, from);
    if (found) return found;
    const parsed = parseResourceId(id);
    const what = parsed ? `${parsed.type} '${parsed.name}'` : `'${id}'`;
    return new Unknown(`${what} is not in the scanned input`);
  }

  /**
   * Child resources listed under a parent (VM extensions, …), optionally of one child type. Where
   * several inputs have the parent's id, the children whose parent reference reads this one (`get`
   * from the child): each input's own, and those of inputs without the id that read this one.
   */
  children(parent: Resource, childType?: string): readonly Resource[] {
    let all = this.childrenByParent.get(parent.key) ?? [];
    if (all.length > 0 && this.sharedKeys.size > 0 && this.sharedKeys.has(parent.key)) all = all.filter((child) => this.reads(child, parent));
    if (childType === undefined) return all;
    const wanted = this.typeKey(childType);
    return all.filter((child) => this.typeKey(child.type) === wanted);
  }

  /**
   * An index or any other fact computed from the graph, once: `derive(f)` calls `f(graph)` on first
   * use and returns the same value afterwards. Helpers use it to look resources up by something
   * other than their id without scanning every resource for every question.
   */
  derive<T>(compute: (graph: ResourceGraph) => T): T {
    if (this.derived.has(compute)) return this.derived.get(compute) as T;
    const value = compute(this);
    this.derived.set(compute, value);
    return value;
  }

  /**
   * Resources of the given types whose body holds `{ "id": <this resource's id or a sub-resource
   * id> }`, with where, type by type in graph order. The bodies of a type are read once, on the
   * first question naming it; only the types asked about are read. Name top-level types: an
   * embedded child is read as part of its parent.
   */
  referencesTo(target: Resource, fromTypes: readonly string[]): readonly Referrer[] {
    const found: Referrer[] = [];
    for (const type of fromTypes) {
      const typeKey = this.typeKey(type);
      let referrers = this.referrersByType.get(typeKey);
      if (referrers === undefined) {
        referrers = buildReferrers(this.byTypeKey.get(typeKey) ?? [], (key, from) => {
          const same = this.byKey.get(key);
          if (same === undefined) return undefined;
          return Array.isArray(same) ? this.referenceKey((same[0] as Resource).key, from) : same.key;
        });
        this.referrersByType.set(typeKey, referrers);
      }
      appendAll(found, referrers.get(this.keyOf(target)) ?? []);
    }
    return found;
  }
}

/** The resources with one id: what each input that has it reads, and what a reference from any other input reads. */
interface Declared {
  /** By input, the resource it declares, or its declarations merged where it has several. */
  readonly byInput: ReadonlyMap<string, Resource>;
  /**
   * What an input without the id reads: the resource as read from Azure (a snapshot: what
   * exists), otherwise that of the input whose path sorts first. Never the first input given, so
   * that verdicts do not depend on the order inputs are named in.
   */
  readonly elsewhere: Resource;
}

/** Resources with one id, by input: the one an input declares, or its declarations merged where it has several. */
function declaredByInput(candidates: readonly Resource[]): Declared {
  const grouped = new Map<string, Resource[]>();
  for (const candidate of candidates) pushTo(grouped, candidate.input, candidate);
  const byInput = new Map([...grouped].map(([input, declarations]) => [input, mergedDeclarations(declarations)]));
  return { byInput, elsewhere: preferredElsewhere([...byInput.values()]) };
}

/** Of resources with one id from several inputs, the one read from Azure, or else the one of the input whose path sorts first (the first of them in that input). */
function preferredElsewhere(resources: readonly Resource[]): Resource {
  let chosen = resources[0] as Resource;
  for (const resource of resources) {
    // A resource read from Azure has no source map; one of a template always has.
    const existing = resource.source === undefined;
    const chosenExisting = chosen.source === undefined;
    if ((existing && !chosenExisting) || (existing === chosenExisting && resource.input < chosen.input)) chosen = resource;
  }
  return chosen;
}

/**
 * The resources with their inputs in the order their paths sort (as `preferredElsewhere` compares
 * them), each input's in the order given: a stable sort, and none where they are in that order
 * already (one input, a snapshot of a large estate: one pass that compares one string with itself).
 */
function inPathOrder(resources: readonly Resource[]): readonly Resource[] {
  for (let i = 1; i < resources.length; i++) {
    if ((resources[i] as Resource).input < (resources[i - 1] as Resource).input) {
      return [...resources].sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
    }
  }
  return resources;
}

/** Between an id key and the input in `ResourceGraph.keyOf`: a character no id or path holds. */
const INPUT_SEPARATOR = '\u0000';

/** A resource that references another, and where in its body (a JSON pointer). */
export interface Referrer {
  readonly resource: Resource;
  readonly pointer: string;
}

/** Bounds `byWrittenId` (an input can spell one id in any number of ways). */
const MAX_WRITTEN_IDS = 1 << 21;
/** Bounds `typeKeys` (an input can spell types in any number of ways). */
const MAX_TYPE_KEYS = 1 << 16;

/** The lower-case child types of EMBEDDED_CHILDREN. */
const EMBEDDED_CHILD_TYPES: ReadonlySet<string> = new Set(Object.keys(EMBEDDED_CHILDREN));

/** EMBEDDED_CHILDREN by parent type: the collections a parent of that type may hold, in table order. */
const EMBEDDED_BY_PARENT: ReadonlyMap<string, readonly string[]> = (() => {
  const byParent = new Map<string, string[]>();
  for (const [childTypeKey, collection] of Object.entries(EMBEDDED_CHILDREN)) {
    const parentTypeKey = childTypeKey.slice(0, childTypeKey.lastIndexOf('/'));
    byParent.set(parentTypeKey, [...(byParent.get(parentTypeKey) ?? []), collection]);
  }
  return byParent;
})();

/** The children written inline in a parent's properties (its type's `collections`), as addressable resources. */
function embeddedChildren(parent: Resource, collections: readonly string[]): Resource[] {
  const children: Resource[] = [];
  const propertiesKey = findKey(parent.body, 'properties');
  const properties = propertiesKey === undefined ? undefined : parent.body[propertiesKey];
  if (!isObject(properties)) return children;
  for (const collection of collections) {
    const key = findKey(properties, collection);
    if (key === undefined) continue;
    const items = properties[key];
    if (!Array.isArray(items)) continue;
    const childType = `${parent.type}/${collection}`;
    const pointerPrefix = `/${escapePointerToken(propertiesKey as string)}/${escapePointerToken(key)}/`;
    items.forEach((item, index) => {
      if (!isObject(item)) return;
      const name = prop(item, 'name');
      const ownId = prop(item, 'id');
      const id = typeof ownId === 'string' ? ownId : typeof name === 'string' ? `${parent.id}/${collection}/${name}` : undefined;
      if (id === undefined) return;
      const pointer = pointerPrefix + index;
      children.push(
        createResource({
          id,
          type: childType,
          name: `${parent.name}/${typeof name === 'string' ? name : index}`,
          body: item,
          input: parent.input,
          ...(parent.source ? { source: prefixedSource(parent.source, pointer) } : {}),
          embeddedIn: { parent: parent.key, pointer },
        }),
      );
    });
  }
  return children;
}

/**
 * Puts separately declared children into their parent's collection, as Resource Graph shows them.
 * The merged parent's source map sends pointers inside a merged child to the child's own source.
 */
function mergeDeclaredChildren(topLevel: Resource[], declared: Resource[]): { resources: Resource[]; orphans: Resource[] } {
  if (declared.length === 0) return { resources: topLevel, orphans: [] };
  const byKey = new Map<string, Resource[]>();
  for (const resource of topLevel) pushTo(byKey, resource.key, resource);
  const additions = new Map<Resource, Resource[]>();
  const orphans: Resource[] = [];
  for (const child of declared) {
    const parentKey = idKey(parentId(child.id) as string);
    const candidates = byKey.get(parentKey);
    // Its own input's parent; otherwise the one a reference from its input reads (`Declared.elsewhere`).
    const parent = candidates?.find((candidate) => candidate.input === child.input) ?? (candidates && preferredElsewhere(candidates));
    if (!parent) orphans.push(child);
    else pushTo(additions, parent, child);
  }
  const resources = topLevel.map((parent) => {
    const children = additions.get(parent);
    return children ? withChildren(parent, children) : parent;
  });
  return { resources, orphans };
}

function withChildren(parent: Resource, children: Resource[]): Resource {
  // Written as the parent writes it ("Properties" is as good as "properties" to ARM).
  const propertiesKey = findKey(parent.body, 'properties') ?? 'properties';
  const written = parent.body[propertiesKey];
  const properties: ValueObject = isObject(written) ? { ...written } : {};
  const redirects: { prefix: string; source: SourceMap }[] = [];
  for (const child of children) {
    const collection = EMBEDDED_CHILDREN[child.type.toLowerCase()] as string;
    const key = findKey(properties, collection) ?? collection;
    const written = properties[key];
    // A collection not known (`"securityRules": "[parameters('rules')]"`) holds the child and what
    // it gives, which stays in the list as an entry not known: never only the child.
    const list = Array.isArray(written) ? [...written] : isUnknown(written) ? [written] : [];
    const childName = child.name.split('/').pop() ?? child.name;
    // `apiVersion` stays: a child declared on its own may use another API version than its parent, and defaults can depend on it.
    const entry: ValueObject = { id: child.id, name: childName, ...pick(child.body, ['properties', 'etag', 'type', 'apiVersion']) };
    // A child written inline too is the one declared on its own: that PUT needs its parent, so it
    // comes after the parent's and is what exists.
    const inline = list.findIndex((item) => {
      const named = prop(item, 'name');
      return typeof named === 'string' && named.toLowerCase() === childName.toLowerCase();
    });
    const index = inline < 0 ? list.length : inline;
    if (inline < 0) {
      // An entry whose name is not known may be this child, which then replaced it. (An entry not
      // known at all already says so: wrapping it again for each child would only nest reasons.)
      for (let i = 0; i < list.length; i++) {
        const named = isUnknown(list[i]) ? undefined : prop(list[i], 'name');
        if (isUnknown(named))
          list[i] = new Unknown(
            `an entry of ${collection} of '${parent.name}' whose name is not known (${named.reason}) may be '${childName}', declared on its own, which replaces it`,
          );
      }
    }
    if (child.source) redirects.push({ prefix: `/${escapePointerToken(propertiesKey)}/${escapePointerToken(key)}/${index}`, source: child.source });
    list[index] = entry;
    properties[key] = list;
  }
  const body: ValueObject = { ...parent.body };
  setMember(body, propertiesKey, properties);
  const source = parent.source ? redirectingSource(parent.source, redirects) : undefined;
  return createResource({
    id: parent.id,
    type: parent.type,
    name: parent.name,
    body,
    input: parent.input,
    ...(source ? { source } : {}),
  });
}

function pick(body: ValueObject, names: string[]): ValueObject {
  const out: ValueObject = {};
  for (const name of names) {
    const key = findKey(body, name);
    if (key !== undefined) out[name] = body[key] as Value;
  }
  return out;
}

/** A source map for an embedded child: its pointers live under `prefix` in the parent. */
function prefixedSource(parent: SourceMap, prefix: string): SourceMap {
  return { file: parent.file, locate: (pointer) => parent.locate(prefix + pointer) };
}

/** A parent's source map, with pointers under each merged child's prefix sent to the child's own map. */
function redirectingSource(parent: SourceMap, redirects: { prefix: string; source: SourceMap }[]): SourceMap {
  return {
    file: parent.file,
    locate(pointer: string): SourceLocation | undefined {
      for (const { prefix, source } of redirects) {
        if (pointer === prefix || pointer.startsWith(prefix + '/')) {
          // The merged entry keeps `id` and `name` at its top, which the declared child has too.
          return source.locate(pointer.slice(prefix.length));
        }
      }
      return parent.locate(pointer);
    },
  };
}

/**
 * Who among `resources` references each resource, by the referenced resource's `ResourceGraph.keyOf`.
 * `keyOf` gives that for an id key as the referring resource names it (the graph's own key string
 * where one input alone has the id), or undefined for an id outside the graph (no one can
 * ask for it, so it is not kept): on a large estate the index would otherwise hold a lower-cased
 * copy of every id referenced.
 */
function buildReferrers(resources: readonly Resource[], keyOf: (key: string, from: Resource) => string | undefined): Map<string, Referrer[]> {
  const referrers = new Map<string, Referrer[]>();
  const add = (id: string, entry: Referrer): void => {
    const key = keyOf(idKey(id), entry.resource);
    if (key !== undefined) pushTo(referrers, key, entry);
  };
  // The pointer is kept as a list of escaped tokens and joined only where an id is found: most of
  // a resource's body holds no reference, and building a string per node would dominate.
  const path: string[] = [];
  const visit = (resource: Resource, value: Value, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(String(i));
        visit(resource, value[i] as Value, depth + 1);
        path.pop();
      }
      return;
    }
    if (!isObject(value)) return;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const child = value[key] as Value;
      if (path.length > 0 && typeof child === 'string' && key.length === 2 && key.toLowerCase() === 'id') {
        const entry = { resource, pointer: '/' + path.join('/') };
        add(child, entry);
        // A sub-resource id (NIC ipConfiguration) also counts as a reference to its resource.
        let parent = parentId(child);
        while (parent !== undefined) {
          add(parent, entry);
          parent = parentId(parent);
        }
      } else if (child !== null && typeof child === 'object') {
        path.push(escapePointerToken(key));
        visit(resource, child, depth + 1);
        path.pop();
      }
    }
  };
  for (const resource of resources) visit(resource, resource.body, 0);
  // Lists copied to their length: a list that grew keeps spare room for sixteen more.
  for (const [key, list] of referrers) if (list.length > 1) referrers.set(key, list.slice());
  return referrers;
}
