import { appendAll } from '../../model/arrays.js';
import { idKey } from '../../model/resource-id.js';

/**
 * ARM's deployment order, as far as a template states it. ARM rejects a resource declared twice in
 * one template, but a resource may be deployed again by a nested or linked deployment: a domain
 * controller template deploys the VNet, then redeploys it once the DNS servers are up, now with
 * DNS settings and the subnet's NSG. Each PUT replaces the resource's properties, so the
 * declaration deployed last is the resource that exists; ARM deploys a declaration after what it
 * depends on (`dependsOn`) and after what the deployment holding it depends on.
 */

/** One declaration (resource or deployment): what it waits for, and the deployment that deploys it. */
export interface Ordered {
  readonly waitsFor: readonly string[];
  readonly within: Ordered | undefined;
}

/** Dependencies followed at most, per template: a hostile template may redeploy one resource from thousands of deployments. */
const MAX_STEPS = 2_000_000;

export class DeploymentOrder {
  /** Every declaration of each id key. */
  readonly #byKey = new Map<string, Ordered[]>();
  /** Id keys by lower-case name, last name segment, symbolic name and `type/name`, the forms `dependsOn` takes besides an id. */
  readonly #byName = new Map<string, Set<string>>();

  /** Records a declaration; `waitsFor` are its `dependsOn` entries as evaluated. */
  add(id: string, type: string, name: string, symbol: string | undefined, waitsFor: readonly string[], within: Ordered | undefined): Ordered {
    const ordered: Ordered = { waitsFor, within };
    const key = idKey(id);
    const list = this.#byKey.get(key);
    if (list) list.push(ordered);
    else this.#byKey.set(key, [ordered]);
    // A child declared inside its parent is named by its own segment alone too (`dependsOn: ["CreateADForest"]`).
    const own = name.slice(name.lastIndexOf('/') + 1);
    for (const known of [name, own, `${type}/${name}`, ...(symbol === undefined ? [] : [symbol])]) {
      const lower = known.toLowerCase();
      const keys = this.#byName.get(lower);
      if (keys) keys.add(key);
      else this.#byName.set(lower, new Set([key]));
    }
    return ordered;
  }

  /**
   * Of several declarations of one resource, the one deployed after all the others; undefined when
   * the template does not say (none waits, directly or through its deployments, for every other),
   * or when finding out would take more than the template's share of steps.
   */
  last(declarations: readonly Ordered[]): Ordered | undefined {
    const closures = new Map<Ordered, Set<Ordered> | undefined>();
    const closure = (ordered: Ordered): Set<Ordered> | undefined => {
      if (!closures.has(ordered)) closures.set(ordered, this.#closure(ordered));
      return closures.get(ordered);
    };
    const after = (later: Ordered, earlier: Ordered): boolean => {
      const reached = closure(later);
      if (!reached) return false;
      if (reached.has(earlier)) return true;
      const own = new Set(chain(later));
      return chain(earlier).some((deployment) => !own.has(deployment) && reached.has(deployment));
    };
    // The one candidate: each declaration deployed after the best so far takes its place; then it must come after every other.
    let best = declarations[0] as Ordered;
    for (const candidate of declarations) if (candidate !== best && after(candidate, best)) best = candidate;
    return declarations.every((other) => other === best || after(best, other)) ? best : undefined;
  }

  /** Steps left for following dependencies, shared by every question about one template. */
  #steps = MAX_STEPS;

  /** Whether a question went unanswered for want of steps. */
  get exhausted(): boolean {
    return this.#steps < 0;
  }

  /** Every declaration `ordered` waits for, directly or through its deployments; undefined past the steps left. */
  #closure(ordered: Ordered): Set<Ordered> | undefined {
    const seen = new Set<Ordered>();
    const queue: Ordered[] = [ordered];
    while (queue.length > 0) {
      const next = queue.pop() as Ordered;
      for (const reached of [...this.#waitedFor(next), ...(next.within ? [next.within] : [])]) {
        if (--this.#steps < 0) return undefined;
        if (reached === ordered || seen.has(reached)) continue;
        seen.add(reached);
        queue.push(reached);
      }
    }
    return seen;
  }

  #waitedFor(ordered: Ordered): Ordered[] {
    const out: Ordered[] = [];
    for (const entry of ordered.waitsFor) {
      const keys = entry.startsWith('/') ? [idKey(entry)] : [...(this.#byName.get(entry.toLowerCase()) ?? [])];
      for (const key of keys) appendAll(out, this.#byKey.get(key) ?? []);
    }
    return out;
  }
}

/** The deployments that deploy a declaration, innermost first. */
function chain(ordered: Ordered): Ordered[] {
  const out: Ordered[] = [];
  for (let at = ordered.within; at; at = at.within) out.push(at);
  return out;
}
