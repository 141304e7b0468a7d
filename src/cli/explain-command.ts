import path from 'node:path';
import { Analyses } from '../analyses/analyses.js';
import { describeSources, formatAddresses } from '../analyses/network/addresses.js';
import type { RuleRef } from '../analyses/network/evaluate.js';
import { explainVm } from '../analyses/network/explain.js';
import { networkAnalysis, type NetworkAnalysis, type Segment } from '../analyses/network/exposure.js';
import { insideSourceList, insideSources, pathDetails, vmExplanation } from '../analyses/network/exposure-summary.js';
import { portRanges, protocolBit } from '../analyses/network/ports.js';
import { decidingRule, vmExposures } from '../engine/exposure.js';
import type { DecidingRule, VmExposure } from '../findings/types.js';
import { localeFromEnvironment } from '../i18n/locale.js';
import { printable } from '../i18n/printable.js';
import { loadInputs } from '../inputs/files/load.js';
import { ResourceGraph } from '../model/graph.js';
import type { Resource } from '../model/resource.js';
import { idKey } from '../model/resource-id.js';
import { isUnknown, type Unknown } from '../model/value.js';
import { formatIssues, loadConfigFile } from './config-file.js';
import { bicepCacheOption, DEPLOYMENT_TIME, EXIT, type CliIo } from './main.js';
import { standardInputRefusal } from './standard-input.js';

export interface ExplainCommandOptions {
  readonly format: 'terminal' | 'json';
  readonly lang?: 'en' | 'ja';
  readonly paramFile: string[];
  readonly exclude: string[];
  readonly bicepCache?: string;
  /** Configuration file, or false for none (`--no-config`); found upward from the first path otherwise. */
  readonly config?: string | false;
}

/** `azvmsec explain VM [PATH...]`: why each port of a VM is or is not reachable from the Internet. */
export async function explainCommand(vmName: string, paths: readonly string[], options: ExplainCommandOptions, io: CliIo): Promise<number> {
  const refusal = standardInputRefusal(paths, io);
  if (refusal !== undefined) {
    io.stderr(`azvmsec: ${refusal}\n`);
    return EXIT.usage;
  }
  // The configuration as scan reads it: its language, and what it says of the network.
  const configured =
    options.config === false ? { ok: true as const, config: {} } : await loadConfigFile(options.config, path.resolve(io.cwd, paths[0] ?? '.'), io.cwd);
  if (!configured.ok) {
    io.stderr(formatIssues(configured.file, configured.issues));
    return EXIT.usage;
  }
  const locale = options.lang ?? configured.config.language ?? localeFromEnvironment(io.env);
  const loaded = await loadInputs({
    paths: paths.length > 0 ? paths : ['.'],
    cwd: io.cwd,
    parameterFiles: options.paramFile,
    exclude: options.exclude,
    ...(io.stdin ? { stdin: io.stdin } : {}),
    ...bicepCacheOption(options.bicepCache, io),
    deploymentTime: DEPLOYMENT_TIME,
  });
  const graph = new ResourceGraph(loaded.resources, configured.config.network);
  const vms = [...graph.ofType('Microsoft.Compute/virtualMachines'), ...graph.ofType('Microsoft.Compute/virtualMachineScaleSets')];
  const wanted = vmName.toLowerCase();
  const matches = vms.filter((vm) => vm.name.toLowerCase() === wanted || vm.key === idKey(vmName));
  if (matches.length === 0) {
    const known = vms.map((vm) => vm.name).sort();
    io.stderr(`azvmsec: no VM named ${vmName} in the inputs${known.length > 0 ? `; VMs found: ${printable(known.join(', '))}` : ''}\n`);
    return EXIT.usage;
  }
  const analyses = new Analyses(graph);
  if (options.format === 'json') {
    const byKey = new Map(matches.map((vm) => [vm.key, vm]));
    const analysis = analyses.get(networkAnalysis);
    const explained = vmExposures(analyses).flatMap((exposure) => {
      const vm = byKey.get(idKey(exposure.vm.id));
      return vm ? [explanationJson(graph, analysis, vm, exposure)] : [];
    });
    io.stdout(JSON.stringify(explained, null, 2) + '\n');
  } else {
    const analysis = analyses.get(networkAnalysis);
    io.stdout(matches.map((vm) => explainVm(graph, vm, locale, analysis)).join('\n'));
  }
  return EXIT.clean;
}

/**
 * A VM's explanation as JSON: the report's exposure of it (`exposure[]` of `scan --format json`),
 * each path with what explain says of it besides (a floating-IP destination, the host a DNAT rule
 * names, a public IP not known), and per IP configuration what the text says of it: its subnet,
 * private IP and NSGs, its paths on which the NSGs admit nothing (`closedPaths`), what its NSGs
 * admit from the Internet where no path hands them the Internet client (`latent`, known or
 * undecided), and from inside the VNet (`lateral`, `bastion`).
 */
function explanationJson(graph: ResourceGraph, analysis: NetworkAnalysis, vm: Resource, exposure: VmExposure): object {
  const { network, targets } = vmExplanation(analysis, vm);
  const rule = (ref: RuleRef): DecidingRule => decidingRule(graph, ref, vm);
  const segment = (each: Segment, inside = false): object => {
    const sources = inside ? insideSources(each.sources) : undefined;
    return {
      protocol: each.protocol,
      ports: portRanges(each.ports),
      reach: each.reach,
      rules: each.rules.map(rule),
      ...(each.maybeRules.length > 0 ? { maybeRules: each.maybeRules.map((maybe) => ({ rule: rule(maybe.rule), reason: maybe.reason })) } : {}),
      sources: sources ? insideSourceList(sources) : describeSources(each.sources),
      ...(sources && sources.except.length > 0 ? { except: sources.except } : {}),
      ...(each.reason ? { reason: each.reason } : {}),
      noNsg: each.noNsg,
    };
  };
  // The report's paths of each bucket are the VM's exposures of that reach, in order (the unknown
  // bucket's VM-level problems, which have no path, come after them).
  const withDetails = (bucket: VmExposure['internet'], reach: Segment['reach']): VmExposure['internet'] => {
    const exposures = network.exposures.filter((each) => each.reach === reach);
    return {
      ...bucket,
      paths: bucket.paths.map((entry, index) => {
        const found = exposures[index];
        return entry.path && found ? { ...entry, path: { ...entry.path, ...pathDetails(found.path) } } : entry;
      }),
    };
  };
  const unknown = (value: Unknown): { unknown: string } => ({ unknown: value.reason });
  const resource = (value: Resource | Unknown | undefined): object | null =>
    value === undefined ? null : isUnknown(value) ? unknown(value) : { id: value.id, name: value.name };
  return {
    ...exposure,
    internet: withDetails(exposure.internet, 'internet'),
    restricted: withDetails(exposure.restricted, 'restricted'),
    unknown: withDetails(exposure.unknown, 'unknown'),
    targets: targets.map(({ target, closedPaths, latent, lateral, bastion }) => ({
      nic: { id: target.nic.id, name: target.nic.name },
      ipConfiguration: target.ipConfiguration.name,
      subnet: resource(target.subnet),
      privateIp: isUnknown(target.address) ? unknown(target.address) : { addresses: formatAddresses(target.address), exact: target.addressIsExact },
      nsgs: { subnet: resource(target.subnetNsg), nic: resource(target.nicNsg) },
      closedPaths: closedPaths.map((each) => ({
        kind: each.kind,
        ...pathDetails(each),
        ...(each.rule ? { rule: each.rule.name } : {}),
        protocols: (['Tcp', 'Udp'] as const).filter((protocol) => (each.protocols & protocolBit(protocol)) !== 0),
        ...(isUnknown(each.ports) ? {} : { ports: portRanges(each.ports) }),
      })),
      latent: latent.map((each) => segment(each)),
      lateral: lateral.map((each) => segment(each, true)),
      bastion: bastion.map((each) => segment(each, true)),
    })),
  };
}
