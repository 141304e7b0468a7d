import type { Analyses } from '../analyses/analyses.js';
import { networkAnalysis, scaleSetsByModel } from '../analyses/network/exposure.js';
import { vmExposureSummary, type ExposureBucket as AnalysisBucket, type ExposureEntry, type RuleRef } from '../analyses/network/exposure-summary.js';
import type { DecidingRule, ExposureBucket, ExposurePath, VmExposure } from '../findings/types.js';
import type { ResourceGraph } from '../model/graph.js';
import { locate, type Resource } from '../model/resource.js';

/** A deciding rule in the report's plain-data form, located in the NSG of the VM's own input (when two inputs declare the same id). */
export function decidingRule(graph: ResourceGraph, ref: RuleRef, vm: Resource): DecidingRule {
  const nsg = graph.get(ref.nsgId, vm);
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
}

/** Every VM's exposure, in the report's plain-data form, with the source line of each deciding rule. */
export function vmExposures(analyses: Analyses): VmExposure[] {
  const graph = analyses.graph;
  const rule = (ref: RuleRef, vm: Resource): DecidingRule => decidingRule(graph, ref, vm);
  const path = (entry: ExposureEntry, vm: Resource): ExposurePath => ({
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
    rules: entry.rules.map((ref) => rule(ref, vm)),
    ...(entry.maybeRules ? { maybeRules: entry.maybeRules.map((maybe) => ({ rule: rule(maybe.rule, vm), reason: maybe.reason })) } : {}),
    sources: entry.sources,
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    noNsg: entry.noNsg,
  });
  const empty: ExposureBucket = Object.freeze({ tcp: Object.freeze([]), udp: Object.freeze([]), paths: Object.freeze([]) });
  // Most VMs have nothing exposed: their buckets are one shared empty bucket.
  const bucket = (b: AnalysisBucket, vm: Resource): ExposureBucket =>
    b.entries.length === 0 && b.tcp.length === 0 && b.udp.length === 0 ? empty : { tcp: b.tcp, udp: b.udp, paths: b.entries.map((entry) => path(entry, vm)) };
  const network = analyses.get(networkAnalysis);
  return [...graph.ofType('Microsoft.Compute/virtualMachines'), ...scaleSetsByModel(graph)].map((vm) => {
    const summary = vmExposureSummary(network, vm);
    return {
      vm: summary.vm,
      internet: bucket(summary.internet, vm),
      restricted: bucket(summary.restricted, vm),
      unknown: bucket(summary.unknown, vm),
      problems: summary.problems,
    };
  });
}
