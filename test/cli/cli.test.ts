import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/rules/pillars.js';
import { VERSION } from '../../src/version.js';
import { armTemplate, linuxVm } from '../support/arm-snippets.js';
import { cli, ROOT } from '../support/cli.js';

describe('azvmsec scan', () => {
  it('prints the five-point report for the example estate and exits 1 on high findings', async () => {
    const { code, stdout } = await cli(['scan', 'examples']);
    expect(code).toBe(1);
    for (const heading of [
      '1. Connection',
      '2. Virtual network',
      '3. Virtual machine',
      '4. Microsoft Entra ID',
      '5. Threat monitoring',
      '+ Backup and recovery',
    ]) {
      expect(stdout).toContain(heading);
    }
    expect(stdout).toMatch(/✗ HIGH AZV-VM-006/);
    expect(stdout).toMatch(/examples\/legacy\/reporting-vm\.json:\d+:\d+/);
    expect(stdout).not.toContain('\u001b[');
  });

  it('speaks Japanese with --lang ja and with LANG=ja_JP.UTF-8', async () => {
    const flag = await cli(['scan', 'examples', '--lang', 'ja']);
    const env = await cli(['scan', 'examples'], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(flag.stdout).toContain('3. 仮想マシン');
    expect(flag.stdout).toContain('対処');
    expect(env.stdout).toBe(flag.stdout);
  });

  it('colours only a terminal', async () => {
    expect((await cli(['scan', 'examples'], { isTty: true })).stdout).toContain('\u001b[');
    expect((await cli(['scan', 'examples', '--no-color'], { isTty: true })).stdout).not.toContain('\u001b[');
  });

  it('writes JSON that validates against the published schema', async () => {
    const { stdout } = await cli(['scan', 'examples', '--format', 'json']);
    const report = JSON.parse(stdout);
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema/report.schema.json'), 'utf8'));
    const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(report.tool).toEqual({ name: 'azvmsec', version: VERSION });
    expect(report.inputs.map((input: { path: string }) => input.path)).toContain('examples/hub/hub.json');
    const fail = report.evaluations.find((e: { status: string }) => e.status === 'fail');
    expect(fail.findings[0].location).toMatchObject({
      file: expect.stringMatching(/^examples\//),
      line: expect.any(Number),
      pointer: expect.stringMatching(/^\//),
    });
    expect(report.summary.map((s: { pillar: string }) => s.pillar)).toEqual(['CONN', 'NET', 'VM', 'IAM', 'MON', 'REC']);
    const web = report.exposure.find((e: { vm: { name: string } }) => e.vm.name === 'contoso-web01');
    expect(web.internet.tcp).toEqual([
      { from: 22, to: 22 },
      { from: 443, to: 443 },
    ]);
  });

  it('never writes a secure parameter value or a Key Vault reference into a report', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-'));
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      parameters: { adminPassword: { type: 'securestring', defaultValue: 'S3cret-Passw0rd!' } },
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines',
          name: 'vm',
          properties: { osProfile: { adminPassword: "[parameters('adminPassword')]", linuxConfiguration: { disablePasswordAuthentication: false } } },
        },
      ],
    };
    await writeFile(path.join(folder, 'vm.json'), JSON.stringify(template));
    for (const format of ['terminal', 'json']) {
      const { stdout } = await cli(['scan', folder, '--format', format]);
      expect(stdout).toContain('AZV-VM-013');
      expect(stdout).not.toContain('S3cret-Passw0rd!');
    }
  });

  it('exits 1 at or above --fail-on and 0 below it', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-'));
    const vm = linuxVm(
      'app-1',
      {},
      { securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: false } },
    );
    await writeFile(path.join(folder, 'vm.json'), JSON.stringify(armTemplate([vm])));
    const report = JSON.parse((await cli(['scan', folder, '--format', 'json', '--fail-on', 'none'])).stdout);
    const failing = new Set(report.evaluations.filter((e: { status: string }) => e.status === 'fail').map((e: { severity: string }) => e.severity));
    const worst = SEVERITIES.findIndex((severity) => failing.has(severity));
    expect(worst, 'the template fails at least one check').toBeGreaterThanOrEqual(0);
    expect((await cli(['scan', folder, '--fail-on', SEVERITIES[worst] as string])).code).toBe(1);
    expect((await cli(['scan', folder, '--fail-on', 'info'])).code).toBe(1);
    if (worst > 0) expect((await cli(['scan', folder, '--fail-on', SEVERITIES[worst - 1] as string])).code).toBe(0);
    expect((await cli(['scan', folder, '--fail-on', 'none'])).code).toBe(0);
    expect((await cli(['scan', 'examples'])).code).toBe(1);
  });

  it('writes the report to --output', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-'));
    const file = path.join(folder, 'report.json');
    const { stdout } = await cli(['scan', 'examples', '--format', 'json', '--output', file, '--fail-on', 'none']);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe('1.0');
  });

  it('turns a broken file into a diagnostic and scans the rest', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-'));
    await writeFile(
      path.join(folder, 'broken.json'),
      '{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [ {',
    );
    await writeFile(path.join(folder, 'ok.json'), readFileSync(path.join(ROOT, 'examples/legacy/reporting-vm.json')));
    const { code, stdout } = await cli(['scan', folder, '--format', 'json']);
    const report = JSON.parse(stdout);
    expect(code).toBe(1);
    const broken = report.inputs.find((input: { path: string }) => input.path.endsWith('broken.json'));
    expect(broken).toMatchObject({
      status: 'error',
      diagnostics: [{ severity: 'error', line: 1, message: expect.stringContaining('Unexpected end of file') }],
    });
    expect(report.inputs.find((input: { path: string }) => input.path.endsWith('ok.json')).status).toBe('ok');
  });

  it('pairs a parameter file given with --param-file TEMPLATE=FILE, with a Bicep file too', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-'));
    await writeFile(path.join(folder, 'db.bicep'), readFileSync(path.join(ROOT, 'examples/spoke-data/database.bicep')));
    await writeFile(
      path.join(folder, 'prod.json'),
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        parameters: { securityType: { value: 'Standard' } },
      }),
    );
    const vm006 = async (args: string[]): Promise<string> =>
      JSON.parse((await cli(['scan', folder, '--format', 'json', ...args])).stdout).evaluations.find((e: { ruleId: string }) => e.ruleId === 'AZV-VM-006')
        .status;
    expect(await vm006([])).toBe('pass');
    expect(await vm006(['-p', `${folder}/db.bicep=${folder}/prod.json`])).toBe('fail');
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await cli(['scan', 'no/such/folder'])).code).toBe(2);
    expect((await cli(['scan', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('reads standard input named `-`, and refuses a terminal or a second `-`', async () => {
    const snapshot = readFileSync(path.join(ROOT, 'examples/tenant/contoso-tenant.snapshot.json'));
    const piped = await cli(['scan', '-', '--format', 'json'], { stdin: Readable.from([snapshot]) });
    const named = await cli(['scan', 'examples/tenant/contoso-tenant.snapshot.json', '--format', 'json']);
    expect(piped.code).toBe(named.code);
    const inputsOf = (stdout: string): unknown => JSON.parse(stdout).inputs.map((input: { path: string }) => ({ ...input, path: undefined }));
    expect(inputsOf(piped.stdout)).toEqual(inputsOf(named.stdout));
    expect(JSON.parse(piped.stdout).inputs[0].path).toBe('-');
    const terminal = await cli(['scan', '-'], { stdin: Readable.from([snapshot]), stdinIsTty: true });
    expect(terminal).toMatchObject({ code: 2, stderr: expect.stringContaining('standard input (-) is a terminal') });
    expect(await cli(['scan', '-', '-'], { stdin: Readable.from([snapshot]) })).toMatchObject({ code: 2, stderr: expect.stringContaining('name it once') });
  });

  it('exits 2 when inputs were found and none could be read, and goes on when one could', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-unreadable-'));
    const truncated = JSON.stringify(armTemplate([linuxVm('vm1')])).slice(0, 200);
    await writeFile(path.join(folder, 'a.json'), truncated);
    await writeFile(path.join(folder, 'b.json'), truncated);
    const none = await cli(['scan', folder, '--fail-on', 'none']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no input could be read (2 failed');
    expect(none.stdout).toContain('Invalid JSON');
    await writeFile(path.join(folder, 'b.json'), JSON.stringify(armTemplate([linuxVm('vm1')])));
    const one = await cli(['scan', folder, '--fail-on', 'none']);
    expect(one.code).toBe(0);
    expect(one.stderr).toBe('');
  });

  it('says so when a folder holds nothing to scan (a mistyped path must not look like a clean scan), and exits 0', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-empty-'));
    await writeFile(path.join(folder, 'notes.txt'), 'no templates here');
    const empty = await cli(['scan', folder]);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toBe(`azvmsec: no templates, parameter files, Terraform or snapshots under ${folder}: nothing was checked\n`);
  });
});

describe('templates that name resources after the deployment time (utcNow() in a parameter default)', () => {
  it('give the same names and fingerprints on every scan, and explain reads them as scan does', async () => {
    // Before: scan took the clock, so names and fingerprints changed every second (baselines broke),
    // and explain took none, so every port of the VM was undecidable where scan found RDP open.
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-utcnow-'));
    const name = (kind: string): string => `[concat('${kind}', parameters('suffix'))]`;
    const template = armTemplate(
      [
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          apiVersion: '2023-04-01',
          name: name('nsg'),
          location: 'japaneast',
          properties: {
            securityRules: [
              {
                name: 'rdp',
                properties: {
                  priority: 300,
                  protocol: 'Tcp',
                  access: 'Allow',
                  direction: 'Inbound',
                  sourceAddressPrefix: '*',
                  sourcePortRange: '*',
                  destinationAddressPrefix: '*',
                  destinationPortRange: '3389',
                },
              },
            ],
          },
        },
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2023-04-01',
          name: name('vnet'),
          location: 'japaneast',
          properties: {
            addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
            subnets: [
              {
                name: 'default',
                properties: {
                  addressPrefix: '10.0.0.0/24',
                  networkSecurityGroup: { id: "[resourceId('Microsoft.Network/networkSecurityGroups', concat('nsg', parameters('suffix')))]" },
                },
              },
            ],
          },
        },
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-04-01',
          name: name('pip'),
          location: 'japaneast',
          sku: { name: 'Standard' },
          properties: { publicIPAllocationMethod: 'Static' },
        },
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2023-04-01',
          name: 'app-1-nic',
          location: 'japaneast',
          properties: {
            ipConfigurations: [
              {
                name: 'ipconfig1',
                properties: {
                  privateIPAllocationMethod: 'Dynamic',
                  subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', concat('vnet', parameters('suffix')), 'default')]" },
                  publicIPAddress: { id: "[resourceId('Microsoft.Network/publicIPAddresses', concat('pip', parameters('suffix')))]" },
                },
              },
            ],
          },
        },
        linuxVm('app-1'),
      ],
      { parameters: { suffix: { type: 'string', defaultValue: "[utcNow('MMddHHmmss')]" } } },
    );
    await writeFile(path.join(folder, 'azuredeploy.json'), JSON.stringify(template));
    const fingerprints = async (): Promise<string[]> => {
      const report = JSON.parse((await cli(['scan', folder, '--format', 'json', '--fail-on', 'none'])).stdout);
      return report.evaluations.flatMap((e: { findings: { fingerprint: string }[] }) => e.findings.map((f) => f.fingerprint));
    };
    const first = await fingerprints();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await fingerprints()).toEqual(first);
    const [exposure] = JSON.parse((await cli(['explain', 'app-1', folder, '--format', 'json'])).stdout);
    expect(exposure.internet.paths).toMatchObject([{ ports: [{ from: 3389, to: 3389 }], path: { via: { name: 'pip1130000000' } } }]);
  });
});

describe('azvmsec rules', () => {
  it('lists every rule with its title in the chosen language', async () => {
    const { code, stdout } = await cli(['rules', '--lang', 'ja']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/AZV-VM-013\s+VM\s+high\s+Linux VM でパスワード認証を無効化/);
    const json = JSON.parse((await cli(['rules', '--format', 'json'])).stdout);
    expect(json.map((rule: { id: string }) => rule.id)).toEqual(
      expect.arrayContaining(['AZV-NET-005', 'AZV-VM-002', 'AZV-VM-004', 'AZV-VM-006', 'AZV-VM-013']),
    );
  });

  it('shows one rule’s documentation, by id or by name', async () => {
    const byId = await cli(['rules', 'AZV-VM-013']);
    expect(byId.stdout).toContain('# AZV-VM-013 — Linux VMs disable password authentication');
    expect((await cli(['rules', 'linux-password-authentication'])).stdout).toBe(byId.stdout);
    expect(JSON.parse((await cli(['rules', 'azv-vm-013', '--format', 'json', '--lang', 'ja'])).stdout).docs).toContain('パスワード');
    expect((await cli(['rules', 'AZV-XXX-999'])).code).toBe(2);
  });

  it('prints the version', async () => {
    const { code, stdout } = await cli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(VERSION);
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version).toBe(VERSION);
  });
});

describe('azvmsec explain', () => {
  it('explains port by port why a VM is reachable, with the deciding rule', async () => {
    const { code, stdout } = await cli(['explain', 'contoso-web01', 'examples']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /TCP 22 via load balancer NAT rule contoso-web-lb "ssh-web-01", frontend port 50001 .*allowed by "allow-ssh-maintenance" \(subnet NSG contoso-web-nsg, priority 200/,
    );
    expect((await cli(['explain', 'contoso-web01', 'examples', '--lang', 'ja'])).stdout).toContain('インターネット');
  });

  it('gives the exposure as JSON, with where each deciding rule is written', async () => {
    const [exposure] = JSON.parse((await cli(['explain', 'contoso-jump01', 'examples', '--format', 'json'])).stdout);
    expect(exposure.vm.name).toBe('contoso-jump01');
    expect(exposure.internet.paths).toEqual([]);
    const rdp = exposure.restricted.paths[0];
    expect(rdp).toMatchObject({
      protocol: 'Tcp',
      ports: [{ from: 3389, to: 3389 }],
      path: { kind: 'public-ip', via: { name: 'contoso-jump01-pip' } },
      sources: ['203.0.113.0/24'],
    });
    expect(rdp.rules[0]).toMatchObject({ name: 'allow-rdp-from-office', priority: 100, location: { file: 'examples/hub/hub.json', line: expect.any(Number) } });
  });

  it("reads the prefixes advertised over BGP from the configuration: without them the hub VNet's VirtualNetwork tag may hold anything", async () => {
    const [exposure] = JSON.parse((await cli(['explain', 'contoso-jump01', 'examples', '--no-config', '--format', 'json'])).stdout);
    // The office range gets in all the same; what else may is not known.
    expect(exposure.restricted.paths).toMatchObject([{ ports: [{ from: 3389, to: 3389 }], sources: ['203.0.113.0/24'] }]);
    expect(
      exposure.unknown.paths.find((entry: { ports: { from: number; to: number }[] }) => entry.ports.some((r) => r.from <= 3389 && r.to >= 3389)).reason,
    ).toContain(
      "gateway 'contoso-hub-er-gw' learns routes over ExpressRoute: what it learns is in VirtualNetwork, and no input holds it (list the advertised prefixes as network.bgpPrefixes in .azvmsec.yaml)",
    );
  });

  it('reads a template from standard input, and says where in it each deciding rule is written', async () => {
    const hub = readFileSync(path.join(ROOT, 'examples/hub/hub.json'));
    const [exposure] = JSON.parse(
      (
        await cli(['explain', 'contoso-jump01', '-', '-p', 'examples/hub/hub.parameters.json', '-c', 'examples/.azvmsec.yaml', '--format', 'json'], {
          stdin: Readable.from([hub]),
        })
      ).stdout,
    );
    expect(exposure.restricted.paths[0].rules[0]).toMatchObject({ name: 'allow-rdp-from-office', location: { file: '-', line: expect.any(Number) } });
    expect((await cli(['explain', 'contoso-jump01', '-'], { stdin: Readable.from([hub]), stdinIsTty: true })).code).toBe(2);
  });

  it('says which VMs there are when the name is wrong', async () => {
    const { code, stderr } = await cli(['explain', 'no-such-vm', 'examples']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no VM named no-such-vm in the inputs; VMs found: .*contoso-jump01/);
  });
});
