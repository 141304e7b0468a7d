/**
 * Edge and hybrid building blocks for inline rule tests: Azure Firewall with a policy, Bastion,
 * VPN gateways and connections, ExpressRoute, WAF policies, Front Door and CDN profiles, Key Vaults
 * and storage accounts, in the shape of the Azure quickstart templates.
 */
import { rid } from './arm-snippets.js';

type Json = Record<string, unknown>;

const at = (type: string, apiVersion: string, name: string, body: Json): Json => ({ type, apiVersion, name, location: 'japaneast', ...body });

/** An Azure Firewall in `vnet/AzureFirewallSubnet`, with a policy when `policy` is given. */
export function firewall(name: string, options: { tier?: string; policy?: string; properties?: Json } = {}): Json {
  return at('Microsoft.Network/azureFirewalls', '2024-05-01', name, {
    properties: {
      sku: { name: 'AZFW_VNet', tier: options.tier ?? 'Standard' },
      ipConfigurations: [
        {
          name: 'config',
          properties: {
            subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'AzureFirewallSubnet') },
            publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', `${name}-pip`) },
          },
        },
      ],
      ...(options.policy ? { firewallPolicy: { id: rid('Microsoft.Network/firewallPolicies', options.policy) } } : {}),
      ...options.properties,
    },
  });
}

export function firewallPolicy(name: string, properties: Json = {}): Json {
  return at('Microsoft.Network/firewallPolicies', '2024-05-01', name, { properties: { sku: { tier: 'Standard' }, ...properties } });
}

export function bastion(name: string, options: { sku?: string; vnet?: string; properties?: Json } = {}): Json {
  return at('Microsoft.Network/bastionHosts', '2024-05-01', name, {
    sku: { name: options.sku ?? 'Standard' },
    properties: {
      ipConfigurations: [
        {
          name: 'ipconfig',
          properties: {
            subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', options.vnet ?? 'vnet', 'AzureBastionSubnet') },
            publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', `${name}-pip`) },
          },
        },
      ],
      ...options.properties,
    },
  });
}

/** A route-based VPN gateway in `vnet/GatewaySubnet`. */
export function vpnGateway(name: string, properties: Json = {}, sku = 'VpnGw1AZ'): Json {
  return at('Microsoft.Network/virtualNetworkGateways', '2024-05-01', name, {
    properties: {
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: sku, tier: sku },
      ipConfigurations: [
        {
          name: 'default',
          properties: {
            subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'GatewaySubnet') },
            publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', `${name}-pip`) },
          },
        },
      ],
      ...properties,
    },
  });
}

/** A site-to-site connection from `gateway` to local network gateway `onprem`. */
export function connection(name: string, properties: Json = {}, gateway = 'vpn-gw'): Json {
  return at('Microsoft.Network/connections', '2024-05-01', name, {
    properties: {
      connectionType: 'IPsec',
      connectionProtocol: 'IKEv2',
      virtualNetworkGateway1: { id: rid('Microsoft.Network/virtualNetworkGateways', gateway) },
      localNetworkGateway2: { id: rid('Microsoft.Network/localNetworkGateways', 'onprem') },
      sharedKey: "[parameters('sharedKey')]",
      ...properties,
    },
  });
}

export const STRONG_IPSEC = {
  saLifeTimeSeconds: 27000,
  saDataSizeKilobytes: 102400000,
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  ikeEncryption: 'AES256',
  ikeIntegrity: 'SHA384',
  dhGroup: 'DHGroup24',
  pfsGroup: 'PFS24',
};

export function wafPolicy(name: string, settings: Json = {}, ruleSets: Json[] = DEFAULT_RULE_SETS): Json {
  return at('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', '2024-05-01', name, {
    properties: {
      policySettings: { state: 'Enabled', mode: 'Prevention', requestBodyCheck: true, ...settings },
      managedRules: { managedRuleSets: ruleSets },
    },
  });
}

export const DEFAULT_RULE_SETS: Json[] = [
  { ruleSetType: 'Microsoft_DefaultRuleSet', ruleSetVersion: '2.1' },
  { ruleSetType: 'Microsoft_BotManagerRuleSet', ruleSetVersion: '1.1' },
];

export function keyVault(name: string, properties: Json = {}): Json {
  return at('Microsoft.KeyVault/vaults', '2023-07-01', name, {
    properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true, ...properties },
  });
}

export function diskEncryptionSet(name: string, vault: string): Json {
  return at('Microsoft.Compute/diskEncryptionSets', '2023-10-02', name, {
    identity: { type: 'SystemAssigned' },
    properties: { activeKey: { sourceVault: { id: rid('Microsoft.KeyVault/vaults', vault) }, keyUrl: `https://${vault}.vault.azure.net/keys/disk/1` } },
  });
}

export function storageAccount(name: string, properties: Json = {}): Json {
  return at('Microsoft.Storage/storageAccounts', '2023-05-01', name, { kind: 'StorageV2', sku: { name: 'Standard_LRS' }, properties });
}

export { rid };
