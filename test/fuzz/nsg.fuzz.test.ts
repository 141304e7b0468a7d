import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphOf, netNic, nsg, publicIpAddress, testVnet, vmTemplate, type RuleSpec } from '../support/network-snippets.js';
import { parseCidr } from '../../src/analyses/network/addresses.js';
import type { Flow } from '../../src/analyses/network/evaluate.js';
import { networkAnalysis } from '../../src/analyses/network/exposure.js';
import { protocolBit } from '../../src/analyses/network/ports.js';
import { fuzz, timeoutFor } from './settings.js';

/**
 * Azure's NSG semantics, as properties over random rule sets, checked through the whole pipeline
 * (template → graph → network analysis): first match by priority, a Deny for everything at the
 * top closes everything, and subnet and NIC NSGs must both allow.
 */

const SOURCES = ['*', 'Internet', 'VirtualNetwork', '0.0.0.0/0', '203.0.113.0/24', '198.51.100.7', '10.0.0.0/16', '10.0.1.0/24'];
const DESTINATIONS = ['*', '10.0.1.4', '10.0.1.0/24', '10.0.2.0/24', 'VirtualNetwork'];
const PORTS = ['*', '22', '80', '443', '3389', '1-1024', '8000-8100', '22,443'];

const RULE = fc.record({
  access: fc.constantFrom('Allow', 'Deny'),
  protocol: fc.constantFrom('Tcp', 'Udp', '*'),
  from: fc.oneof(
    fc.constantFrom(...SOURCES),
    fc.uniqueArray(fc.constantFrom('203.0.113.0/24', '198.51.100.7', '10.0.0.0/16', '192.0.2.0/28'), { minLength: 1, maxLength: 3 }),
  ),
  to: fc.constantFrom(...DESTINATIONS),
  port: fc.constantFrom(...PORTS).map((port) => (port.includes(',') ? port.split(',') : port)),
  direction: fc.constantFrom('Inbound', 'Inbound', 'Inbound', 'Outbound'),
});
type Rule = Omit<RuleSpec, 'name' | 'priority'>;

/** Rules with distinct priorities from 200 up, in random order. */
const RULES = fc.array(RULE, { maxLength: 8 }).chain((rules) =>
  fc
    .shuffledSubarray(
      Array.from({ length: rules.length }, (_, i) => 200 + i * 10),
      { minLength: rules.length, maxLength: rules.length },
    )
    .map((priorities) => rules.map((rule, i) => ({ ...rule, name: `r${i}`, priority: priorities[i] as number }) as RuleSpec)),
);

const PROBE_SOURCES = ['203.0.113.9', '198.51.100.7', '192.0.2.1', '8.8.8.8', '10.0.5.5', '10.0.1.9'];
const PROBE = fc.record({
  source: fc.constantFrom(...PROBE_SOURCES),
  port: fc.constantFrom(22, 80, 443, 3389, 1024, 8050, 65535),
  protocol: fc.constantFrom('Tcp' as const, 'Udp' as const),
});
type Probe = { source: string; port: number; protocol: 'Tcp' | 'Udp' };

function inboundFlows(subnetRules: RuleSpec[] | undefined, nicRules: RuleSpec[] | undefined): readonly Flow[] {
  const graph = graphOf(
    vmTemplate([
      testVnet(subnetRules ? { nsg: 'subnet-nsg' } : {}),
      ...(subnetRules ? [nsg('subnet-nsg', subnetRules)] : []),
      ...(nicRules ? [nsg('nic-nsg', nicRules)] : []),
      netNic('app-1-nic', { publicIp: 'app-pip', privateIp: '10.0.1.4', ...(nicRules ? { nsg: 'nic-nsg' } : {}) }),
      publicIpAddress('app-pip'),
    ]),
  );
  const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
  if (!vm) throw new Error('no VM');
  const target = networkAnalysis(graph).vm(vm).targets[0];
  if (!target) throw new Error('no target');
  return target.inbound();
}

/** The flow a probe falls in: flows partition the traffic space. */
function flowAt(flows: readonly Flow[], probe: Probe): Flow {
  const address = (parseCidr(probe.source) as NonNullable<ReturnType<typeof parseCidr>>).ranges[0]?.[0] as bigint;
  const found = flows.filter((flow) => (flow.protocols & protocolBit(probe.protocol)) !== 0 && flow.ports.has(probe.port) && flow.remote.has(address));
  expect(found, `exactly one flow holds ${JSON.stringify(probe)}`).toHaveLength(1);
  return found[0] as Flow;
}

describe('NSG evaluation: property-based', () => {
  it(
    'adding a lower-priority rule never changes a verdict a higher-priority rule decided',
    () => {
      fc.assert(
        fc.property(RULES, RULE, fc.integer({ min: 100, max: 4096 }), fc.array(PROBE, { minLength: 1, maxLength: 6 }), (rules, extra, priority, probes) => {
          fc.pre(!rules.some((rule) => rule.priority === priority));
          const before = inboundFlows(rules, undefined);
          const after = inboundFlows([...rules, { ...(extra as Rule), name: 'added', priority }], undefined);
          for (const probe of probes) {
            const was = flowAt(before, probe);
            const decider = was.steps[was.steps.length - 1];
            if (!decider || decider.isDefault || (decider.priority ?? Infinity) > priority) continue;
            const now = flowAt(after, probe);
            expect(now.verdict).toBe(was.verdict);
            expect(now.steps.map((step) => step.name)).toEqual(was.steps.map((step) => step.name));
          }
        }),
        fuzz(60),
      );
    },
    timeoutFor(60, 40),
  );

  it(
    'a Deny for everything at priority 100 makes every port unreachable from everywhere',
    () => {
      fc.assert(
        fc.property(RULES, fc.boolean(), (rules, onNic) => {
          const deny: RuleSpec = { name: 'deny-all', priority: 100, access: 'Deny', protocol: '*', from: '*', to: '*', port: '*' };
          const all = [deny, ...rules];
          const flows = onNic ? inboundFlows(undefined, all) : inboundFlows(all, undefined);
          expect(flows.length).toBeGreaterThan(0);
          for (const flow of flows) expect(flow.verdict).toBe('unreachable');
        }),
        fuzz(60),
      );
    },
    timeoutFor(60, 40),
  );

  it(
    'with a subnet NSG and a NIC NSG, traffic gets in only when both allow it',
    () => {
      fc.assert(
        fc.property(RULES, RULES, fc.array(PROBE, { minLength: 1, maxLength: 6 }), (subnetRules, nicRules, probes) => {
          const both = inboundFlows(subnetRules, nicRules);
          const subnetOnly = inboundFlows(subnetRules, undefined);
          const nicOnly = inboundFlows(undefined, nicRules);
          for (const probe of probes) {
            const allowed = flowAt(subnetOnly, probe).verdict === 'reachable' && flowAt(nicOnly, probe).verdict === 'reachable';
            expect(flowAt(both, probe).verdict).toBe(allowed ? 'reachable' : 'unreachable');
          }
        }),
        fuzz(40),
      );
    },
    timeoutFor(40, 60),
  );
});
