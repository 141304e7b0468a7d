import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analyses/analyses.js';
import { evaluate } from '../../src/engine/run.js';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { get } from '../../src/model/resource.js';
import { isUnknown, type Unknown } from '../../src/model/value.js';
import credentialsInVmData from '../../src/rules/vm/credentials-in-vm-data/rule.js';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

const vm = (name: string, customData: string): string => `
resource "azurerm_linux_virtual_machine" "${name}" {
  name                  = "${name}"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "azureuser"
  network_interface_ids = []
  custom_data           = ${customData}
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
`;

const PASSWORD = 'Tr0ub4dor-and-3';

async function scan(files: Record<string, string>, folder = 'app'): Promise<{ vms: Map<string, Resource>; graph: ResourceGraph; files: readonly string[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-files-'));
  await write(root, files);
  const read = await readTerraformModule(path.join(root, folder), { display: (file) => path.relative(root, file) });
  const graph = new ResourceGraph(read.resources);
  return { vms: new Map(graph.ofType('Microsoft.Compute/virtualMachines').map((resource) => [resource.name, resource])), graph, files: read.files };
}

describe('path.root and path.module', () => {
  it('path.root is the root module in every module ("the filesystem path of the root module of the configuration")', async () => {
    const { vms } = await scan({
      'app/main.tf': 'module "vm" {\n  source = "./modules/vm"\n}\n',
      'app/modules/vm/main.tf': [vm('from-root', 'filebase64("${path.root}/init.sh")'), vm('from-module', 'filebase64("${path.module}/local.sh")')].join('\n'),
      'app/init.sh': `#!/bin/bash\necho "azureuser:${PASSWORD}" | chpasswd\n`,
      'app/modules/vm/local.sh': '#!/bin/bash\napt-get install -y nginx\n',
    });
    const data = (name: string): unknown => get(vms.get(name) as Resource, 'properties', 'osProfile', 'customData');
    expect(Buffer.from(String(data('from-root')), 'base64').toString()).toContain('chpasswd');
    expect(Buffer.from(String(data('from-module')), 'base64').toString()).toContain('nginx');
  });
});

describe('file(), filebase64(), fileexists() and templatefile()', () => {
  it('read custom data kept next to the configuration, so that a password in it is found', async () => {
    const { vms, graph, files } = await scan({
      'app/main.tf': [
        vm('plain', 'filebase64("${path.module}/cloud-init.yaml")'),
        vm('templated', 'base64encode(templatefile("${path.module}/init.tftpl", { user = "azureuser", password = "' + PASSWORD + '", ports = [22, 443] }))'),
        vm('clean', 'base64encode(file("scripts/setup.sh"))'),
        vm('exists', 'fileexists("missing.sh") ? "a" : base64encode("no custom data file")'),
      ].join('\n'),
      'app/cloud-init.yaml': `#cloud-config\nchpasswd:\n  list: |\n    azureuser:${PASSWORD}\n`,
      'app/init.tftpl': '#!/bin/bash\n%{ for port in ports ~}\nufw allow ${port}\n%{ endfor ~}\necho "${user}:${password}" | chpasswd\n',
      'app/scripts/setup.sh': '#!/bin/bash\napt-get install -y nginx\n',
    });
    const kinds = (name: string): unknown => {
      const evaluation = evaluate(credentialsInVmData, vms.get(name) as Resource, new Analyses(graph), {});
      return evaluation.status === 'unknown' ? evaluation.reason : evaluation.findings.map((finding) => finding.data['kind']);
    };
    expect(kinds('plain')).toEqual(['password']);
    expect(kinds('templated')).toEqual(['password']);
    expect(kinds('clean')).toEqual([]);
    expect(kinds('exists')).toEqual([]);
    const templated = Buffer.from(get(vms.get('templated') as Resource, 'properties', 'osProfile', 'customData') as string, 'base64').toString('utf8');
    expect(templated).toBe(`#!/bin/bash\nufw allow 22\nufw allow 443\necho "azureuser:${PASSWORD}" | chpasswd\n`);
    // The files read are listed with the input's files.
    expect(files).toEqual(expect.arrayContaining(['app/cloud-init.yaml', 'app/init.tftpl', 'app/scripts/setup.sh']));
  });

  it('read nothing outside the folders of the modules the scan reads, through a symbolic link neither', async () => {
    const customData = (name: string): Unknown | string | undefined => {
      const value = get(vms.get(name) as Resource, 'properties', 'osProfile', 'customData');
      return isUnknown(value) ? value : (value as string | undefined);
    };
    const files: Record<string, string> = {
      'app/main.tf': [
        vm('outside', 'file("../secrets/vault.txt")'),
        vm('absolute', `file("${path.join(os.tmpdir(), 'azvmsec-nowhere.txt')}")`),
        vm('linked', 'file("link.txt")'),
        vm('missing', 'file("nothing-here.sh")'),
        vm('nested', 'templatefile("outer.tftpl", {})'),
        vm('binary', 'file("blob.bin")'),
        vm('home', 'file("~/.ssh/id_rsa.pub")'),
        vm('pipe', 'file("pipe")'),
        vm('large', 'filebase64("large.bin")'),
      ].join('\n'),
      'app/outer.tftpl': '${templatefile("outer.tftpl", {})}',
      'secrets/vault.txt': `password=${PASSWORD}\n`,
    };
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-files-'));
    await write(root, files);
    await writeFile(path.join(root, 'app/blob.bin'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]));
    await symlink(path.join(root, 'secrets/vault.txt'), path.join(root, 'app/link.txt'));
    // A named pipe nobody writes to: opened, it would wait for ever.
    execFileSync('mkfifo', [path.join(root, 'app/pipe')]);
    await writeFile(path.join(root, 'app/large.bin'), Buffer.alloc(2 * 1024 * 1024));
    const read = await readTerraformModule(path.join(root, 'app'), { display: (file) => path.relative(root, file) });
    const vms = new Map(read.resources.filter((r) => r.type === 'Microsoft.Compute/virtualMachines').map((r) => [r.name, r]));
    expect((customData('outside') as Unknown).reason).toBe("the file secrets/vault.txt is outside the folders of the configuration's modules: not read");
    expect((customData('absolute') as Unknown).reason).toMatch(/is outside the folders of the configuration's modules: not read|there is no such file/);
    expect((customData('linked') as Unknown).reason).toBe("the file app/link.txt is outside the folders of the configuration's modules: not read");
    expect((customData('missing') as Unknown).reason).toBe("file() of 'nothing-here.sh': there is no such file");
    expect((customData('nested') as Unknown).reason).toBe("templatefile() of 'outer.tftpl' is called from a template file, which Terraform refuses");
    expect((customData('binary') as Unknown).reason).toBe("file() of 'blob.bin': the file is not UTF-8 text");
    expect((customData('pipe') as Unknown).reason).toBe('app/pipe is not a file');
    expect((customData('large') as Unknown).reason).toBe('the file app/large.bin is larger than 1048576 bytes: not read');
    expect((customData('home') as Unknown).reason).toBe("file() of '~/.ssh/id_rsa.pub' reads the home folder of whoever runs Terraform: not read");
    expect(JSON.stringify(read.resources)).not.toContain(PASSWORD);
  });
});
