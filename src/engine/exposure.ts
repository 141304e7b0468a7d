import type { Analyses } from '../analyses/analyses.js';
import { networkAnalysis } from '../analyses/network/exposure.js';
import { exposureSummary, type ExposureBucket as AnalysisBucket, type ExposureEntry, type RuleRef } from '../analyses/network/exposure-summary.js';
import type { DecidingRule, ExposureBucket, ExposurePath, VmExposure } from '../findings/types.js';
import { locate } from '../model/resource.js';

/** Every VM's exposure, in the report's plain-data form, with the source line of each deciding rule. */
export function vmExposures(analyses: Analyses): VmExposure[] {
  const graph = analyses.graph;
  const rule = (ref: RuleRef): DecidingRule => {
    const nsg = graph.get(ref.nsgId);
    const location = nsg && ref.pointer !== undefined ? locate(nsg, ref.pointer) : undefined;
    return {
      nsg: { id: ref.nsgId, name: ref.nsgName },
      attachment: ref.attachment,
      name: ref.name,
      ...(ref.priority !== undefined ? { priority: ref.priority } : {}),
      ...(ref.access !== undefined ? { access: ref.access } : {}),
      isDefault: ref.isDefault,
      ...(location ? { location } : {}),
    };
  };
  const path = (entry: ExposureEntry): ExposurePath => ({
    protocol: entry.protocol,
    ports: entry.ports,
    ...(entry.path
      ? {
          path: {
            kind: entry.path.kind,
            nic: entry.path.nic,
            ipConfiguration: entry.path.ipConfiguration,
            via: entry.path.via,
            ...(entry.path.rule ? { rule: entry.path.rule.name } : {}),
            ...(entry.path.frontendPorts ? { frontendPorts: entry.path.frontendPorts } : {}),
          },
        }
      : {}),
    rules: entry.rules.map(rule),
    sources: entry.sources,
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    noNsg: entry.noNsg,
  });
  const empty: ExposureBucket = Object.freeze({ tcp: Object.freeze([]), udp: Object.freeze([]), paths: Object.freeze([]) });
  // Most VMs have nothing exposed: their buckets are one shared empty bucket.
  const bucket = (b: AnalysisBucket): ExposureBucket =>
    b.entries.length === 0 && b.tcp.length === 0 && b.udp.length === 0 ? empty : { tcp: b.tcp, udp: b.udp, paths: b.entries.map(path) };
  return exposureSummary(graph, analyses.get(networkAnalysis)).map((summary) => ({
    vm: summary.vm,
    internet: bucket(summary.internet),
    restricted: bucket(summary.restricted),
    unknown: bucket(summary.unknown),
    problems: summary.problems,
  }));
}
