import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { RULES } from '../../src/rules/index.js';
import { QUICKSTARTS, quickstartTemplates } from '../support/corpus.js';
import { generatedEstate } from '../support/estate.js';

/**
 * "Unknown instead of a silent pass", checked on the quickstart templates that declare VMs: each
 * resource that another resource names by id is taken out of the input in turn, and no verdict may
 * go from fail or unknown to pass for it. A check that passes because its evidence is missing
 * would pass the same way on a real template that refers to resources deployed elsewhere. Nor may
 * one go from pass to fail, unless the resource taken out is what passed it (a Bastion host).
 */
const rules = RULES.filter((rule) => rule.status === 'stable');
const templates = quickstartTemplates();

/**
 * Where taking a resource out rightly turns a verdict into a pass, by template, rule and the type
 * of the resource taken out. Anything else is a check that passes on missing evidence.
 */
const EXPLAINED: Readonly<Record<string, string>> = {
  // The subnet is declared twice, in the VNet and as a child resource: the child alone holds the
  // route table, so without it the subnet has none (and no forced tunnelling to judge).
  'application-workloads/cohesive/cohesive-vns3-free-try-now AZV-NET-003 Microsoft.Network/virtualNetworks/subnets': 'the child subnet holds the route table',
  'application-workloads/cohesive/cohesive-vns3-free-try-now AZV-NET-004 Microsoft.Network/virtualNetworks/subnets': 'the child subnet holds the route table',
  'application-workloads/cohesive/cohesive-vns3-free-try-now AZV-NET-002 Microsoft.Network/virtualNetworks/subnets': 'the child subnet holds the route table',
  // A gateway names its VNet's subnet, not the other way round: without it, nothing says routes
  // are learned over BGP (they may widen VirtualNetwork), as without the NIC nothing names a NAT rule.
  'quickstarts/microsoft.network/site-to-site-vpn-fqdn-bgp AZV-NET-003 Microsoft.Network/virtualNetworkGateways': 'the gateway learns routes over BGP',
  'quickstarts/microsoft.network/site-to-site-vpn-fqdn-bgp AZV-NET-004 Microsoft.Network/virtualNetworkGateways': 'the gateway learns routes over BGP',
  // Without the endpoint there is no endpoint to want a WAF policy on.
  'quickstarts/microsoft.cdn/front-door-premium-vm-private-link AZV-NET-021 Microsoft.Cdn/profiles/afdEndpoints': 'the endpoint is what is judged',
};

/**
 * The same, for every template: a template names a load balancer's backends from the NIC, so
 * without the NIC the NAT rule forwards to nothing (templates declare rules for more VMs than their
 * count makes, unused).
 */
const EXPLAINED_ANYWHERE: Readonly<Record<string, string>> = {
  'AZV-NET-006 Microsoft.Network/networkInterfaces': 'the NIC names the NAT rule',
};

/**
 * Where taking a resource out rightly turns a pass into a failure: the resource is what passed it
 * (it exists elsewhere, but nothing in the input says where), by template, rule and type.
 */
const EXPLAINED_FAILURES: Readonly<Record<string, string>> = {
  'demos/aks-nat-agic AZV-CONN-001 Microsoft.Network/bastionHosts': 'the Bastion host is what serves the VNet',
  'quickstarts/microsoft.machinelearningservices/aifoundry-networking-aoao AZV-CONN-001 Microsoft.Network/bastionHosts':
    'the Bastion host is what serves the VNet',
  'quickstarts/microsoft.network/aks-application-gateway-ingress-controller AZV-CONN-001 Microsoft.Network/bastionHosts':
    'the Bastion host is what serves the VNet',
  // The subnet is declared twice, in the VNet and as a child resource: the child alone holds the NSG.
  'application-workloads/solace/solace-message-router AZV-NET-008 Microsoft.Network/virtualNetworks/subnets': 'the child subnet holds the NSG',
};

function verdicts(resources: readonly Resource[]): Map<string, string> {
  return new Map(runRules(new ResourceGraph(resources), rules).map((e) => [`${e.ruleId} ${e.resource.id.toLowerCase()}`, e.status]));
}

describe.skipIf(templates.length === 0)('a resource missing from the input (quickstart corpus)', () => {
  it('never turns a failing or unknown verdict into a pass, nor a passing one into a failure', async () => {
    const found = new Set<string>();
    const failed = new Set<string>();
    let removals = 0;
    for (const template of templates) {
      const { resources } = await loadInputs({ paths: [template], cwd: QUICKSTARTS });
      if (!resources.some((resource) => /\/virtualmachines$/i.test(resource.type))) continue;
      const before = verdicts(resources);
      const bodies = resources.map((resource) => JSON.stringify(resource.body).toLowerCase());
      for (const removed of resources) {
        if (!bodies.some((body, i) => resources[i] !== removed && body.includes(removed.key))) continue;
        // One of several declarations of an id taken out leaves the resource in the input, its doubt gone.
        if (resources.some((other) => other !== removed && other.key === removed.key)) continue;
        removals++;
        for (const [key, status] of verdicts(resources.filter((resource) => resource !== removed))) {
          const was = before.get(key);
          const rule = key.split(' ')[0] as string;
          const flip = `${path.dirname(path.relative(QUICKSTARTS, template))} ${rule} ${removed.type}`;
          if (status === 'pass' && (was === 'fail' || was === 'unknown') && !EXPLAINED_ANYWHERE[`${rule} ${removed.type}`]) found.add(flip);
          if (status === 'fail' && was === 'pass') failed.add(flip);
        }
      }
    }
    expect(removals).toBeGreaterThan(3000);
    expect([...found].sort()).toEqual(Object.keys(EXPLAINED).sort());
    expect([...failed].sort()).toEqual(Object.keys(EXPLAINED_FAILURES).sort());
  });
});

/**
 * The same on a generated estate (bench/estate.ts, 8 VMs): a tenant's Resource Graph rows, where a
 * resource missing is one the collection did not get (another subscription's, or a type it could
 * not read). It found a firewall policy's rule collection group read as no DNAT rules.
 */
describe('a resource missing from the input (a generated estate)', () => {
  it('never turns a failing or unknown verdict into a pass, nor a passing one into a failure', async () => {
    const resources = await generatedEstate(8);
    const before = verdicts(resources);
    const bodies = resources.map((resource) => JSON.stringify(resource.body).toLowerCase());
    const found = new Set<string>();
    const failed = new Set<string>();
    let removals = 0;
    for (const removed of resources) {
      if (!bodies.some((body, i) => resources[i] !== removed && body.includes(removed.key))) continue;
      removals++;
      for (const [key, status] of verdicts(resources.filter((resource) => resource !== removed))) {
        const was = before.get(key);
        const flip = `${key.split(' ')[0] as string} ${removed.type}`;
        if (status === 'pass' && (was === 'fail' || was === 'unknown')) found.add(flip);
        if (status === 'fail' && was === 'pass') failed.add(flip);
      }
    }
    expect(removals).toBeGreaterThan(50);
    expect([...found].sort()).toEqual([]);
    expect([...failed].sort()).toEqual([]);
  });
});
