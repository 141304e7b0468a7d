import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { netNic, nsg, testVnet, vmTemplate } from '../support/network-snippets.js';
import { cli } from '../support/cli.js';

interface Entry {
  readonly protocol: string;
  readonly ports: { from: number; to: number }[];
  readonly reach?: string;
  readonly rules: { name: string; location?: object }[];
  readonly sources: string[];
  readonly except?: string[];
  readonly reason?: string;
  readonly path?: { nic: { name: string }; ipConfiguration: string; via: { id: string; name: string }; viaNotKnown?: string };
}

interface Explained {
  readonly vm: { name: string };
  readonly internet: { paths: Entry[] };
  readonly restricted: { paths: Entry[] };
  readonly unknown: { paths: Entry[] };
  readonly targets: {
    nic: { name: string };
    ipConfiguration: string;
    closedPaths: { kind: string; via: { name: string } }[];
    latent: Entry[];
    lateral: Entry[];
    bastion: Entry[];
  }[];
}

async function explainJson(vm: string, ...args: string[]): Promise<Explained> {
  const { code, stdout } = await cli(['explain', vm, ...args, '--format', 'json']);
  expect(code).toBe(0);
  const [explained] = JSON.parse(stdout) as Explained[];
  if (!explained) throw new Error(`no explanation of ${vm}`);
  return explained;
}

const HEADINGS: Record<string, string> = {
  'Reachable from the whole Internet:': 'internet',
  'Reachable from some Internet sources only:': 'restricted',
  'Reachability not decidable from the input:': 'unknown',
  'Paths from the Internet on which the NSGs admit nothing:': 'closedPaths',
  'The NSGs admit these from the Internet (a public IP or NAT rule added later would expose them):': 'latent',
  'Whether the NSGs admit these from the Internet is not decidable (what a public IP or NAT rule added later would expose):': 'latent',
  'Reachable from inside the virtual network (lateral movement):': 'lateral',
  'Reachable from AzureBastionSubnet:': 'bastion',
};

/** How many lines each section of the text gives, per IP configuration (`nic/ipconfig`). */
function textCounts(text: string): Map<string, Record<string, number>> {
  const counts = new Map<string, Record<string, number>>();
  let target: Record<string, number> | undefined;
  let key: string | undefined;
  for (const line of text.split('\n')) {
    const nic = /^ {2}NIC (\S+) \/ (\S+) —/.exec(line);
    if (nic) {
      target = {};
      counts.set(`${nic[1]}/${nic[2]}`, target);
      key = undefined;
    } else if (line.startsWith('    ') && target && key) target[key] = (target[key] ?? 0) + 1;
    else key = HEADINGS[line.trim()];
  }
  return counts;
}

describe('azvmsec explain --format json', () => {
  const VMS = [
    'branch-osaka-fgt-vm',
    'branch-osaka-pos-vm',
    'contoso-db01',
    'contoso-dr-router01',
    'contoso-jump01',
    'contoso-web01',
    'contoso-web02',
    'report01',
  ];

  it.each(VMS)('gives the same facts as the text: %s', async (vm) => {
    // Before: the JSON had no latent, lateral or Bastion part, and no IP configuration.
    const json = await explainJson(vm, 'examples');
    const text = (await cli(['explain', vm, 'examples'])).stdout;
    const fromJson = new Map<string, Record<string, number>>();
    for (const target of json.targets) {
      const paths = (bucket: Entry[]): number =>
        bucket.filter((entry) => entry.path?.nic.name === target.nic.name && entry.path.ipConfiguration === target.ipConfiguration).length;
      const counts: Record<string, number> = {
        internet: paths(json.internet.paths),
        restricted: paths(json.restricted.paths),
        unknown: paths(json.unknown.paths),
        closedPaths: target.closedPaths.length,
        latent: target.latent.length,
        lateral: target.lateral.length,
        bastion: target.bastion.length,
      };
      fromJson.set(`${target.nic.name}/${target.ipConfiguration}`, Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0)));
    }
    expect(fromJson).toEqual(textCounts(text));
  });

  it('tells what the NSGs admit from the Internet where no path reaches, as scan does (AZV-NET-002 "latent")', async () => {
    // contoso-web02 is published on 443 through the Application Gateway only; its subnet NSG admits SSH
    // from anywhere, which scan reports. Before, explain said nothing of it, in text or JSON.
    const json = await explainJson('contoso-web02', 'examples');
    expect(json.targets[0]?.latent).toMatchObject([
      {
        protocol: 'Tcp',
        ports: [{ from: 22, to: 22 }],
        reach: 'internet',
        rules: [{ name: 'allow-ssh-maintenance', location: { file: 'examples/spoke-web/web.json' } }],
      },
    ]);
    const scan = JSON.parse((await cli(['scan', 'examples', '--format', 'json', '--fail-on', 'none'])).stdout) as {
      evaluations: { ruleId: string; resource: { name: string }; findings: { messageId: string }[] }[];
    };
    const verdict = scan.evaluations.find((evaluation) => evaluation.ruleId === 'AZV-NET-002' && evaluation.resource.name === 'contoso-web02');
    expect(verdict?.findings.map((finding) => finding.messageId)).toEqual(['latent']);
  });

  it('lists undecided latent runs with why', async () => {
    // The appliance subnet's Deny of Internet may stop nothing where a 0.0.0.0/0 route may put the
    // Internet in VirtualNetwork: scan says AZV-NET-003 is unknown, and explain now says why.
    const json = await explainJson('branch-osaka-fgt-vm', 'examples');
    const undecided = json.targets[0]?.latent.filter((entry) => entry.reach === 'unknown') ?? [];
    expect(undecided.map((entry) => entry.protocol)).toEqual(['Tcp', 'Udp']);
    for (const entry of undecided) expect(entry.reason).toContain("route table 'branch-osaka-workload-rt' has a route for 0.0.0.0/0");
  });

  it('gives lateral sources as addresses VirtualNetwork holds or may hold, never as the Internet', async () => {
    const json = await explainJson('branch-osaka-pos-vm', 'examples');
    const lateral = json.targets[0]?.lateral ?? [];
    expect(lateral.length).toBeGreaterThan(0);
    for (const entry of lateral) for (const source of entry.sources) expect(source).not.toMatch(/Internet/);
    expect(lateral).toContainEqual(expect.objectContaining({ ports: [{ from: 22, to: 22 }], reach: 'restricted', sources: ['0.0.0.0/0'] }));
    expect(lateral).toContainEqual(
      expect.objectContaining({ ports: [{ from: 135, to: 135 }], reach: 'unknown', sources: ['0.0.0.0/0'], except: ['10.40.0.0/16'] }),
    );
  });

  it('says a public IP whose id is not known is not known, with why', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-explain-'));
    const template = vmTemplate(
      [
        testVnet({ nsg: 'subnet-nsg' }),
        nsg('subnet-nsg', [{ name: 'ssh', priority: 100, port: 22 }]),
        netNic('app-1-nic', {
          privateIp: '10.0.1.4',
          ipConfiguration: { publicIPAddress: { id: "[resourceId('Microsoft.Network/publicIPAddresses', parameters('pipName'))]" } },
        }),
      ],
      { parameters: { pipName: { type: 'string' } } },
    );
    await writeFile(path.join(folder, 'azuredeploy.json'), JSON.stringify(template));
    const json = await explainJson('app-1', folder);
    expect(json.internet.paths).toMatchObject([
      { ports: [{ from: 22, to: 22 }], path: { via: { id: '', name: '' }, viaNotKnown: expect.stringContaining("parameter 'pipName'") } },
    ]);
    const ja = (await cli(['explain', 'app-1', folder, '--lang', 'ja'])).stdout;
    expect(ja).toContain('経路 名前が不明なパブリック IP アドレス');
    expect(ja).not.toContain('(public IP)');
  });
});
