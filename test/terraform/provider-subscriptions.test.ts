import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTerraformPlan } from '../../src/inputs/terraform/plan.js';
import { DEFAULT_SUBSCRIPTION, readTerraformModule } from '../../src/inputs/terraform/read.js';

const HUB = '11111111-1111-1111-1111-111111111111';
const SPOKE = '22222222-2222-2222-2222-222222222222';

async function configuration(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-providers-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** A hub-and-spoke configuration: the hub's provider configuration in its own subscription, peerings both ways. */
const HUB_AND_SPOKE = (hubSubscription: string): string => `
variable "hub_subscription_id" {
  type = string
}
provider "azurerm" {
  features {}
}
provider "azurerm" {
  alias           = "hub"
  subscription_id = ${hubSubscription}
  features {}
}
resource "azurerm_resource_group" "hub" {
  provider = azurerm.hub
  name     = "rg-hub"
  location = "westeurope"
}
resource "azurerm_virtual_network" "hub" {
  provider            = azurerm.hub
  name                = "vnet-hub"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.hub.name
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_security_center_subscription_pricing" "hub_vms" {
  provider      = azurerm.hub
  tier          = "Standard"
  resource_type = "VirtualMachines"
}
data "azurerm_client_config" "hub" {
  provider = azurerm.hub
}
data "azurerm_subscription" "hub" {
  provider = azurerm.hub
}
resource "azurerm_resource_group" "spoke" {
  name     = "rg-spoke"
  location = "westeurope"
}
resource "azurerm_virtual_network" "spoke" {
  name                = "vnet-spoke"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.spoke.name
  address_space       = ["10.1.0.0/16"]
}
resource "azurerm_virtual_network_peering" "spoke_to_hub" {
  name                      = "spoke-to-hub"
  resource_group_name       = azurerm_resource_group.spoke.name
  virtual_network_name      = azurerm_virtual_network.spoke.name
  remote_virtual_network_id = azurerm_virtual_network.hub.id
}
resource "azurerm_virtual_network_peering" "hub_to_spoke" {
  provider                  = azurerm.hub
  name                      = "hub-to-spoke"
  resource_group_name       = azurerm_resource_group.hub.name
  virtual_network_name      = azurerm_virtual_network.hub.name
  remote_virtual_network_id = azurerm_virtual_network.spoke.id
}
resource "azurerm_network_security_group" "from_client_config" {
  name                = "nsg-\${data.azurerm_client_config.hub.subscription_id}"
  location            = "westeurope"
  resource_group_name = "rg-spoke"
  tags                = { hub = data.azurerm_subscription.hub.id }
}
`;

/** The resource of a name (a child resource's last name: `vnet-hub/hub-to-spoke` is `hub-to-spoke`), with its id and body. */
function byName(read: Awaited<ReturnType<typeof readTerraformModule>>, name: string): { id: string; properties?: unknown; tags?: unknown } {
  const found = read.resources.find((resource) => resource.name === name || resource.name.endsWith(`/${name}`));
  if (!found) throw new Error(`no resource ${name}: ${read.resources.map((resource) => resource.name).join(', ')}`);
  return { id: found.id, properties: found.body['properties'], tags: found.body['tags'] };
}

describe('Terraform provider configurations with their own subscription', () => {
  it('put the resources of an aliased provider with a literal subscription_id in that subscription; the default one keeps the scan subscription', async () => {
    const dir = await configuration({ 'main.tf': HUB_AND_SPOKE(`"${HUB}"`) });
    const read = await readTerraformModule(dir, { subscriptionId: SPOKE, vars: { hub_subscription_id: 'unused' } });
    const hubVnet = byName(read, 'vnet-hub');
    expect(hubVnet.id).toBe(`/subscriptions/${HUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`);
    expect(byName(read, 'vnet-spoke').id).toBe(`/subscriptions/${SPOKE}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke`);
    expect(read.resources.filter((resource) => resource.type === 'Microsoft.Resources/resourceGroups').map((resource) => resource.id)).toEqual([
      `/subscriptions/${HUB}/resourceGroups/rg-hub`,
      `/subscriptions/${SPOKE}/resourceGroups/rg-spoke`,
    ]);
    // The Defender plan is the hub subscription's, not the spoke's.
    expect(read.resources.find((resource) => resource.type === 'Microsoft.Security/pricings')?.id).toBe(
      `/subscriptions/${HUB}/providers/Microsoft.Security/pricings/VirtualMachines`,
    );
    // Each peering is in its own side's subscription and names the other side's VNet by the id it has.
    const spokeToHub = byName(read, 'spoke-to-hub');
    expect(spokeToHub.id.startsWith(`/subscriptions/${SPOKE}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/`)).toBe(true);
    expect(JSON.stringify(spokeToHub.properties)).toContain(hubVnet.id);
    const hubToSpoke = byName(read, 'hub-to-spoke');
    expect(hubToSpoke.id.startsWith(`/subscriptions/${HUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/`)).toBe(true);
    expect(JSON.stringify(hubToSpoke.properties)).toContain(byName(read, 'vnet-spoke').id);
    // The provider's data sources answer with its subscription.
    const nsg = byName(read, `nsg-${HUB}`);
    expect(nsg.tags).toEqual({ hub: `/subscriptions/${HUB}` });
  });

  it('give an aliased provider whose subscription_id has no value a placeholder subscription of its own, and say why', async () => {
    const dir = await configuration({ 'main.tf': HUB_AND_SPOKE('var.hub_subscription_id') });
    const read = await readTerraformModule(dir, { display: (file) => path.relative(dir, file) });
    const hub = /^\/subscriptions\/([^/]+)\//.exec(byName(read, 'vnet-hub').id)?.[1];
    expect(hub).toMatch(/^00000000-0000-0000-0000-[0-9a-f]{12}$/);
    expect(hub).not.toBe(DEFAULT_SUBSCRIPTION);
    expect(byName(read, 'vnet-spoke').id.startsWith(`/subscriptions/${DEFAULT_SUBSCRIPTION}/`)).toBe(true);
    expect(JSON.stringify(byName(read, 'spoke-to-hub').properties)).toContain(byName(read, 'vnet-hub').id);
    expect(read.resources.find((resource) => resource.type === 'Microsoft.Security/pricings')?.id.startsWith(`/subscriptions/${hub}/`)).toBe(true);
    expect(read.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        message: `main.tf: provider azurerm.hub: subscription_id is not known (variable 'hub_subscription_id' has no value (no default, tfvars or --var)); its resources are read in the placeholder subscription ${hub}, apart from the default provider's`,
      }),
    );
    // The same placeholder in every scan.
    const again = await readTerraformModule(dir);
    expect(byName(again, 'vnet-hub').id).toBe(byName(read, 'vnet-hub').id);
  });

  it('give a subscription_id from tfvars to its provider configuration', async () => {
    const dir = await configuration({ 'main.tf': HUB_AND_SPOKE('var.hub_subscription_id'), 'terraform.tfvars': `hub_subscription_id = "${HUB}"\n` });
    const read = await readTerraformModule(dir);
    expect(byName(read, 'vnet-hub').id.startsWith(`/subscriptions/${HUB}/`)).toBe(true);
    expect(byName(read, 'vnet-spoke').id.startsWith(`/subscriptions/${DEFAULT_SUBSCRIPTION}/`)).toBe(true);
  });

  it('give modules the default provider, or the configurations their providers map names (configuration_aliases too)', async () => {
    const dir = await configuration({
      'main.tf': `
provider "azurerm" {
  features {}
}
provider "azurerm" {
  alias           = "hub"
  subscription_id = "${HUB}"
  features {}
}
module "hub_network" {
  source    = "./network"
  name      = "hub"
  providers = { azurerm = azurerm.hub }
}
module "spoke_network" {
  source = "./network"
  name   = "spoke"
}
module "peering" {
  source = "./peering"
  providers = {
    azurerm      = azurerm
    azurerm.hub  = azurerm.hub
  }
  hub_vnet_name   = module.hub_network.vnet_name
  spoke_vnet_id   = module.spoke_network.vnet_id
  hub_vnet_id     = module.hub_network.vnet_id
  spoke_vnet_name = module.spoke_network.vnet_name
}
`,
      'network/main.tf': `
variable "name" {}
resource "azurerm_virtual_network" "this" {
  name                = "vnet-\${var.name}"
  location            = "westeurope"
  resource_group_name = "rg-\${var.name}"
  address_space       = ["10.0.0.0/16"]
}
module "nsg" {
  source = "../nsg"
  name   = var.name
}
output "vnet_id" { value = azurerm_virtual_network.this.id }
output "vnet_name" { value = azurerm_virtual_network.this.name }
`,
      'nsg/main.tf': `
variable "name" {}
resource "azurerm_network_security_group" "this" {
  name                = "nsg-\${var.name}"
  location            = "westeurope"
  resource_group_name = "rg-\${var.name}"
}
`,
      'peering/main.tf': `
terraform {
  required_providers {
    azurerm = {
      source                = "hashicorp/azurerm"
      configuration_aliases = [azurerm.hub]
    }
  }
}
variable "hub_vnet_name" {}
variable "hub_vnet_id" {}
variable "spoke_vnet_name" {}
variable "spoke_vnet_id" {}
resource "azurerm_virtual_network_peering" "spoke_to_hub" {
  name                      = "spoke-to-hub"
  resource_group_name       = "rg-spoke"
  virtual_network_name      = var.spoke_vnet_name
  remote_virtual_network_id = var.hub_vnet_id
}
resource "azurerm_virtual_network_peering" "hub_to_spoke" {
  provider                  = azurerm.hub
  name                      = "hub-to-spoke"
  resource_group_name       = "rg-hub"
  virtual_network_name      = var.hub_vnet_name
  remote_virtual_network_id = var.spoke_vnet_id
}
`,
    });
    const read = await readTerraformModule(dir, { subscriptionId: SPOKE });
    expect(byName(read, 'vnet-hub').id.startsWith(`/subscriptions/${HUB}/`)).toBe(true);
    // A module called by one the hub's configuration was passed to inherits it as its default.
    expect(byName(read, 'nsg-hub').id.startsWith(`/subscriptions/${HUB}/`)).toBe(true);
    expect(byName(read, 'vnet-spoke').id.startsWith(`/subscriptions/${SPOKE}/`)).toBe(true);
    expect(byName(read, 'nsg-spoke').id.startsWith(`/subscriptions/${SPOKE}/`)).toBe(true);
    expect(byName(read, 'hub-to-spoke').id.startsWith(`/subscriptions/${HUB}/resourceGroups/rg-hub/`)).toBe(true);
    expect(byName(read, 'spoke-to-hub').id.startsWith(`/subscriptions/${SPOKE}/resourceGroups/rg-spoke/`)).toBe(true);
    expect(JSON.stringify(byName(read, 'spoke-to-hub').properties)).toContain(byName(read, 'vnet-hub').id);
  });

  it('read azapi provider blocks the same way', async () => {
    const dir = await configuration({
      'main.tf': `
provider "azapi" {
  alias           = "hub"
  subscription_id = "${HUB}"
}
data "azapi_client_config" "hub" {
  provider = azapi.hub
}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  tags                = { hub = data.azapi_client_config.hub.subscription_resource_id }
}
`,
    });
    const read = await readTerraformModule(dir, { subscriptionId: SPOKE });
    expect(byName(read, 'nsg').tags).toEqual({ hub: `/subscriptions/${HUB}` });
  });
});

describe('Terraform plans with provider configurations of their own subscription', () => {
  const vnet = (name: string, group: string): Record<string, unknown> => ({
    address: `azurerm_virtual_network.${name}`,
    mode: 'managed',
    type: 'azurerm_virtual_network',
    name,
    values: { name: `vnet-${name}`, resource_group_name: group, location: 'westeurope', address_space: ['10.0.0.0/16'] },
  });
  const plan = (hub: Record<string, unknown>): unknown => ({
    format_version: '1.2',
    variables: { hub_subscription_id: { value: HUB } },
    planned_values: { root_module: { resources: [vnet('hub', 'rg-hub'), vnet('spoke', 'rg-spoke')] } },
    resource_changes: ['hub', 'spoke'].map((name) => ({ address: `azurerm_virtual_network.${name}`, change: { after_unknown: { id: true } } })),
    configuration: {
      provider_config: {
        azurerm: { name: 'azurerm', full_name: 'registry.terraform.io/hashicorp/azurerm', expressions: { subscription_id: { constant_value: HUB } } },
        'azurerm.hub': { name: 'azurerm', full_name: 'registry.terraform.io/hashicorp/azurerm', alias: 'hub', expressions: { subscription_id: hub } },
      },
      root_module: {
        resources: [
          {
            address: 'azurerm_virtual_network.hub',
            mode: 'managed',
            type: 'azurerm_virtual_network',
            name: 'hub',
            provider_config_key: 'azurerm.hub',
            expressions: {},
          },
          {
            address: 'azurerm_virtual_network.spoke',
            mode: 'managed',
            type: 'azurerm_virtual_network',
            name: 'spoke',
            provider_config_key: 'azurerm',
            expressions: {},
          },
        ],
      },
    },
  });

  it("form the ids of resources not yet deployed in their provider configuration's subscription", () => {
    for (const hub of [{ constant_value: HUB }, { references: ['var.hub_subscription_id'] }]) {
      const read = readTerraformPlan(plan(hub), 'plan.json', { subscriptionId: SPOKE });
      const ids = read.resources.map((resource) => resource.id);
      expect(ids).toContain(`/subscriptions/${HUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`);
      // The root module's default configuration is the scanned subscription, as in HCL.
      expect(ids).toContain(`/subscriptions/${SPOKE}/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke`);
    }
    const unknown = readTerraformPlan(plan({ references: ['data.azurerm_subscription.x.subscription_id'] }), 'plan.json');
    const hubId = unknown.resources.find((resource) => resource.name === 'vnet-hub')?.id ?? '';
    expect(hubId).toMatch(/^\/subscriptions\/00000000-0000-0000-0000-[0-9a-f]{12}\//);
    expect(hubId.startsWith(`/subscriptions/${DEFAULT_SUBSCRIPTION}/`)).toBe(false);
    expect(
      unknown.diagnostics.some((d) => d.severity === 'info' && d.message.startsWith('plan.json: provider azurerm.hub: subscription_id is not known')),
    ).toBe(true);
  });
});
