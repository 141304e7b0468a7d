import type { ResourceGraph } from '../model/graph.js';

/**
 * Derived facts about one resource graph, each computed at most once and shared by every rule.
 * An analysis registers itself as a function of the graph; rules ask for it through the context.
 */
export class Analyses {
  private readonly cache = new Map<(graph: ResourceGraph) => unknown, unknown>();

  constructor(readonly graph: ResourceGraph) {}

  /** The result of `analysis` on this graph, computed on first use. */
  get<T>(analysis: (graph: ResourceGraph) => T): T {
    if (!this.cache.has(analysis)) this.cache.set(analysis, analysis(this.graph));
    return this.cache.get(analysis) as T;
  }
}
