import { isUnknown, type Value } from '../../../model/value.js';
import { asList, attr, block, blocks, calc, enabled, lit, pick, ref, refs, type Shape, type ShapeSource } from './shape.js';
import { childByName, childOf, inResourceGroup, type Mapping } from './types.js';
import { appendAll } from '../../../model/arrays.js';

/**
 * azurerm edge services → ARM: load balancers (rules, NAT rules, pools, probes), Application
 * Gateways, Azure Firewall (classic rule collections and policies with rule collection groups),
 * Bastion, Front Door (Standard/Premium and classic), CDN and WAF policies.
 */

const common: Shape = { location: attr('location'), tags: attr('tags') };

/** A sub-resource of the resource being mapped, named by an attribute: `{ id: <self>/<collection>/<name> }`. */
function selfRef(collection: string, names: string): Spec2 {
  return calc((source) => {
    const found = pick(source.attrs, names);
    if (!found) return undefined;
    if (isUnknown(found.value)) return found.value;
    return { id: `${source.ctx.resourceId ?? ''}/${collection}/${String(found.value)}` };
  });
}
type Spec2 = ReturnType<typeof calc>;

/** A sub-resource of a parent given by id (`loadbalancer_id`): `{ id: <parent>/<collection>/<name> }`. */
function parentRef(parentKey: string, collection: string, names: string): Spec2 {
  return calc((source) => {
    const parent = source.attrs[parentKey];
    const found = pick(source.attrs, names);
    if (!found) return undefined;
    if (isUnknown(parent)) return parent;
    if (isUnknown(found.value)) return found.value;
    return { id: `${String(parent)}/${collection}/${String(found.value)}` };
  });
}

const FRONTEND: Shape = {
  name: attr('name'),
  zones: attr('zones'),
  properties: {
    publicIPAddress: ref('public_ip_address_id'),
    publicIPPrefix: ref('public_ip_prefix_id'),
    subnet: ref('subnet_id'),
    privateIPAddress: attr('private_ip_address'),
    privateIPAllocationMethod: attr('private_ip_address_allocation'),
  },
};

const LB_RULE: Shape = {
  name: attr('name'),
  properties: {
    frontendIPConfiguration: parentRef('loadbalancer_id', 'frontendIPConfigurations', 'frontend_ip_configuration_name'),
    backendAddressPools: refs('backend_address_pool_ids'),
    backendAddressPool: calc((s) => {
      const ids = s.attrs['backend_address_pool_ids'];
      return Array.isArray(ids) && ids.length > 0 ? { id: ids[0] as Value } : undefined;
    }),
    probe: ref('probe_id'),
    protocol: attr('protocol'),
    frontendPort: attr('frontend_port'),
    backendPort: attr('backend_port'),
    enableFloatingIP: attr('floating_ip_enabled|enable_floating_ip'),
    disableOutboundSnat: attr('disable_outbound_snat'),
  },
};

const NAT_RULE: Shape = {
  name: attr('name'),
  properties: {
    frontendIPConfiguration: parentRef('loadbalancer_id', 'frontendIPConfigurations', 'frontend_ip_configuration_name'),
    protocol: attr('protocol'),
    frontendPort: attr('frontend_port'),
    frontendPortRangeStart: attr('frontend_port_start'),
    frontendPortRangeEnd: attr('frontend_port_end'),
    backendPort: attr('backend_port'),
    backendAddressPool: ref('backend_address_pool_id'),
    enableFloatingIP: attr('floating_ip_enabled|enable_floating_ip'),
  },
};

/** Classic firewall rule collections are written into the firewall: see `FIREWALL_COLLECTIONS`. */
const CLASSIC_NAT_RULE: Shape = {
  name: attr('name'),
  sourceAddresses: attr('source_addresses'),
  sourceIpGroups: attr('source_ip_groups'),
  destinationAddresses: attr('destination_addresses'),
  destinationPorts: attr('destination_ports'),
  protocols: attr('protocols'),
  translatedAddress: attr('translated_address'),
  translatedPort: attr('translated_port'),
};

const CLASSIC_NETWORK_RULE: Shape = {
  name: attr('name'),
  sourceAddresses: attr('source_addresses'),
  sourceIpGroups: attr('source_ip_groups'),
  destinationAddresses: attr('destination_addresses'),
  destinationFqdns: attr('destination_fqdns'),
  destinationPorts: attr('destination_ports'),
  protocols: attr('protocols'),
};

function classicCollection(collection: string, rule: Shape) {
  return (source: ShapeSource) => {
    const body = {
      name: source.attrs['name'] ?? null,
      properties: {
        priority: source.attrs['priority'] ?? null,
        action: { type: source.attrs['action'] ?? null },
        rules: blocksValue(source, 'rule', rule),
      },
    };
    return [{ target: firewallId(source), path: ['properties', collection], value: body, append: true, from: [] }];
  };
}

function blocksValue(source: ShapeSource, name: string, shape: Shape): Value {
  return blocks(name, shape).read(source, '') ?? [];
}

function firewallId(source: ShapeSource): Value {
  const name = source.attrs['azure_firewall_name'];
  const group = source.attrs['resource_group_name'];
  if (isUnknown(name)) return name;
  if (isUnknown(group)) return group;
  return `/subscriptions/${source.ctx.subscriptionId}/resourceGroups/${String(group)}/providers/Microsoft.Network/azureFirewalls/${String(name)}`;
}

const POLICY_NAT_RULE: Shape = {
  ruleType: lit('NatRule'),
  name: attr('name'),
  ipProtocols: attr('protocols'),
  sourceAddresses: attr('source_addresses'),
  sourceIpGroups: attr('source_ip_groups'),
  destinationAddresses: asList('destination_address'),
  destinationPorts: asList('destination_ports'),
  translatedAddress: attr('translated_address'),
  translatedFqdn: attr('translated_fqdn'),
  translatedPort: attr('translated_port'),
};

const POLICY_NETWORK_RULE: Shape = {
  ruleType: lit('NetworkRule'),
  name: attr('name'),
  ipProtocols: attr('protocols'),
  sourceAddresses: attr('source_addresses'),
  sourceIpGroups: attr('source_ip_groups'),
  destinationAddresses: attr('destination_addresses'),
  destinationIpGroups: attr('destination_ip_groups'),
  destinationFqdns: attr('destination_fqdns'),
  destinationPorts: attr('destination_ports'),
};

const POLICY_APPLICATION_RULE: Shape = {
  ruleType: lit('ApplicationRule'),
  name: attr('name'),
  sourceAddresses: attr('source_addresses'),
  sourceIpGroups: attr('source_ip_groups'),
  targetFqdns: attr('destination_fqdns'),
  fqdnTags: attr('destination_fqdn_tags'),
  protocols: blocks('protocols', { protocolType: attr('type'), port: attr('port') }),
};

function policyCollections(name: string, type: string, actionFallback: string | undefined, rule: Shape) {
  return blocks(name, {
    ruleCollectionType: lit(type),
    name: attr('name'),
    priority: attr('priority'),
    action: { type: attr('action', actionFallback !== undefined ? { default: actionFallback } : {}) },
    rules: blocks('rule', rule),
  });
}

const WAF_MANAGED_RULE_SETS = blocks(
  'managed_rules',
  (source) => blocks('managed_rule_set', { ruleSetType: attr('type', { default: 'OWASP' }), ruleSetVersion: attr('version') }).read(source, '') ?? null,
);

export const EDGE: Record<string, Mapping> = {
  azurerm_lb: {
    type: 'Microsoft.Network/loadBalancers',
    id: inResourceGroup('Microsoft.Network/loadBalancers'),
    body: {
      ...common,
      // azurerm v4 and later default the SKU to Standard; v3 defaulted to Basic.
      sku: {
        name: attr('sku', { default: (s) => (s.ctx.azurermMajor !== undefined && s.ctx.azurermMajor < 4 ? 'Basic' : 'Standard') }),
        tier: attr('sku_tier'),
      },
      properties: { frontendIPConfigurations: blocks('frontend_ip_configuration', FRONTEND) },
    },
    note: (attrs, ctx) =>
      attrs['sku'] === undefined || attrs['sku'] === null
        ? `azurerm_lb without sku: read as ${ctx.azurermMajor !== undefined && ctx.azurermMajor < 4 ? `Basic (azurerm ${ctx.azurermMajor}.x default; Standard from v4)` : 'Standard (azurerm v4+ default; Basic before v4)'}`
        : undefined,
  },
  azurerm_lb_backend_address_pool: {
    type: 'Microsoft.Network/loadBalancers/backendAddressPools',
    id: childOf('loadbalancer_id', 'backendAddressPools'),
    body: { name: attr('name'), properties: {} },
  },
  azurerm_lb_backend_address_pool_address: {
    id: (a) => `${String(a['backend_address_pool_id'])}|address`,
  },
  azurerm_lb_rule: { type: 'Microsoft.Network/loadBalancers/loadBalancingRules', id: childOf('loadbalancer_id', 'loadBalancingRules'), body: LB_RULE },
  azurerm_lb_nat_rule: { type: 'Microsoft.Network/loadBalancers/inboundNatRules', id: childOf('loadbalancer_id', 'inboundNatRules'), body: NAT_RULE },
  azurerm_lb_nat_pool: {
    type: 'Microsoft.Network/loadBalancers/inboundNatPools',
    id: childOf('loadbalancer_id', 'inboundNatPools'),
    body: {
      name: attr('name'),
      properties: {
        frontendIPConfiguration: parentRef('loadbalancer_id', 'frontendIPConfigurations', 'frontend_ip_configuration_name'),
        protocol: attr('protocol'),
        frontendPortRangeStart: attr('frontend_port_start'),
        frontendPortRangeEnd: attr('frontend_port_end'),
        backendPort: attr('backend_port'),
        enableFloatingIP: attr('floating_ip_enabled'),
      },
    },
  },
  azurerm_lb_probe: {
    type: 'Microsoft.Network/loadBalancers/probes',
    id: childOf('loadbalancer_id', 'probes'),
    body: { name: attr('name'), properties: { protocol: attr('protocol'), port: attr('port'), requestPath: attr('request_path') } },
  },
  azurerm_application_gateway: {
    type: 'Microsoft.Network/applicationGateways',
    id: inResourceGroup('Microsoft.Network/applicationGateways'),
    body: {
      ...common,
      zones: attr('zones'),
      properties: {
        sku: block('sku', { name: attr('name'), tier: attr('tier'), capacity: attr('capacity') }),
        gatewayIPConfigurations: blocks('gateway_ip_configuration', { name: attr('name'), properties: { subnet: ref('subnet_id') } }),
        frontendIPConfigurations: blocks('frontend_ip_configuration', FRONTEND),
        frontendPorts: blocks('frontend_port', { name: attr('name'), properties: { port: attr('port') } }),
        backendAddressPools: blocks('backend_address_pool', {
          name: attr('name'),
          properties: {
            backendAddresses: calc((s) => {
              const ips = Array.isArray(s.attrs['ip_addresses']) ? s.attrs['ip_addresses'].map((ipAddress) => ({ ipAddress })) : [];
              const fqdns = Array.isArray(s.attrs['fqdns']) ? s.attrs['fqdns'].map((fqdn) => ({ fqdn })) : [];
              if (isUnknown(s.attrs['ip_addresses'])) return s.attrs['ip_addresses'];
              return [...ips, ...fqdns];
            }),
          },
        }),
        backendHttpSettingsCollection: blocks('backend_http_settings', { name: attr('name'), properties: { port: attr('port'), protocol: attr('protocol') } }),
        httpListeners: blocks('http_listener', {
          name: attr('name'),
          properties: {
            frontendIPConfiguration: selfRef('frontendIPConfigurations', 'frontend_ip_configuration_name'),
            frontendPort: selfRef('frontendPorts', 'frontend_port_name'),
            protocol: attr('protocol'),
            hostName: attr('host_name'),
            firewallPolicy: ref('firewall_policy_id'),
          },
        }),
        requestRoutingRules: blocks('request_routing_rule', {
          name: attr('name'),
          properties: {
            ruleType: attr('rule_type'),
            priority: attr('priority'),
            httpListener: selfRef('httpListeners', 'http_listener_name'),
            backendAddressPool: selfRef('backendAddressPools', 'backend_address_pool_name'),
            backendHttpSettings: selfRef('backendHttpSettingsCollection', 'backend_http_settings_name'),
            urlPathMap: selfRef('urlPathMaps', 'url_path_map_name'),
          },
        }),
        urlPathMaps: blocks('url_path_map', {
          name: attr('name'),
          properties: {
            defaultBackendAddressPool: selfRef('backendAddressPools', 'default_backend_address_pool_name'),
            defaultBackendHttpSettings: selfRef('backendHttpSettingsCollection', 'default_backend_http_settings_name'),
            pathRules: blocks('path_rule', {
              name: attr('name'),
              properties: {
                paths: attr('paths'),
                backendAddressPool: selfRef('backendAddressPools', 'backend_address_pool_name'),
                backendHttpSettings: selfRef('backendHttpSettingsCollection', 'backend_http_settings_name'),
              },
            }),
          },
        }),
        webApplicationFirewallConfiguration: blocks('waf_configuration', (s) => ({
          enabled: s.attrs['enabled'] ?? null,
          firewallMode: s.attrs['firewall_mode'] ?? null,
          ruleSetType: s.attrs['rule_set_type'] ?? 'OWASP',
          ruleSetVersion: s.attrs['rule_set_version'] ?? null,
        })),
        firewallPolicy: ref('firewall_policy_id'),
      },
    },
  },
  azurerm_firewall: {
    type: 'Microsoft.Network/azureFirewalls',
    id: inResourceGroup('Microsoft.Network/azureFirewalls'),
    body: {
      ...common,
      zones: attr('zones'),
      properties: {
        sku: { name: attr('sku_name', { default: 'AZFW_VNet' }), tier: attr('sku_tier') },
        ipConfigurations: blocks('ip_configuration', {
          name: attr('name'),
          properties: { subnet: ref('subnet_id'), publicIPAddress: ref('public_ip_address_id') },
        }),
        managementIpConfiguration: blocks('management_ip_configuration', (s) => ({
          name: s.attrs['name'] ?? null,
          properties: { subnet: { id: s.attrs['subnet_id'] ?? null } },
        })),
        firewallPolicy: ref('firewall_policy_id'),
        // Not set, azurerm leaves it to Azure, which runs a classic firewall in Alert mode (catalog §7); with a firewall policy, the policy's mode applies.
        threatIntelMode: attr('threat_intel_mode', { default: (s) => (s.attrs['firewall_policy_id'] ? undefined : 'Alert') }),
        additionalProperties: { 'Network.DNS.EnableProxy': attr('dns_proxy_enabled', { map: (v) => String(v) }) },
      },
    },
  },
  azurerm_firewall_nat_rule_collection: {
    id: (a) => `firewall-nat|${String(a['azure_firewall_name'])}|${String(a['name'])}`,
    patches: classicCollection('natRuleCollections', CLASSIC_NAT_RULE),
  },
  azurerm_firewall_network_rule_collection: {
    id: (a) => `firewall-net|${String(a['azure_firewall_name'])}|${String(a['name'])}`,
    patches: classicCollection('networkRuleCollections', CLASSIC_NETWORK_RULE),
  },
  azurerm_firewall_application_rule_collection: {
    id: (a) => `firewall-app|${String(a['azure_firewall_name'])}|${String(a['name'])}`,
    patches: classicCollection('applicationRuleCollections', {
      name: attr('name'),
      sourceAddresses: attr('source_addresses'),
      targetFqdns: attr('target_fqdns'),
    }),
  },
  azurerm_firewall_policy: {
    type: 'Microsoft.Network/firewallPolicies',
    id: inResourceGroup('Microsoft.Network/firewallPolicies'),
    body: {
      ...common,
      properties: {
        sku: { tier: attr('sku', { default: 'Standard' }) },
        basePolicy: ref('base_policy_id'),
        threatIntelMode: attr('threat_intelligence_mode', { default: 'Alert' }),
        dnsSettings: { enableProxy: calc((s) => first(s, 'dns', 'proxy_enabled')), servers: calc((s) => first(s, 'dns', 'servers')) },
        intrusionDetection: { mode: calc((s) => first(s, 'intrusion_detection', 'mode')) },
        insights: { isEnabled: calc((s) => first(s, 'insights', 'enabled')) },
        transportSecurity: {
          certificateAuthority: calc((s) =>
            first(s, 'tls_certificate', 'key_vault_secret_id') !== undefined ? { name: first(s, 'tls_certificate', 'name') ?? null } : undefined,
          ),
        },
      },
    },
  },
  azurerm_firewall_policy_rule_collection_group: {
    type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    id: childOf('firewall_policy_id', 'ruleCollectionGroups'),
    body: {
      properties: {
        priority: attr('priority'),
        ruleCollections: calc((source) => {
          const all: Value[] = [];
          for (const read of [
            policyCollections('nat_rule_collection', 'FirewallPolicyNatRuleCollection', 'DNAT', POLICY_NAT_RULE),
            policyCollections('network_rule_collection', 'FirewallPolicyFilterRuleCollection', undefined, POLICY_NETWORK_RULE),
            policyCollections('application_rule_collection', 'FirewallPolicyFilterRuleCollection', undefined, POLICY_APPLICATION_RULE),
          ]) {
            const value = read.read(source, '');
            if (isUnknown(value)) return value;
            if (Array.isArray(value)) appendAll(all, value);
          }
          return all;
        }),
      },
    },
  },
  azurerm_bastion_host: {
    type: 'Microsoft.Network/bastionHosts',
    id: inResourceGroup('Microsoft.Network/bastionHosts'),
    body: {
      ...common,
      sku: { name: attr('sku', { default: 'Basic' }) },
      properties: {
        ipConfigurations: blocks('ip_configuration', {
          name: attr('name'),
          properties: { subnet: ref('subnet_id'), publicIPAddress: ref('public_ip_address_id') },
        }),
        virtualNetwork: ref('virtual_network_id'),
        disableCopyPaste: attr('copy_paste_enabled', { map: (v) => v !== true, default: false }),
        enableFileCopy: attr('file_copy_enabled', { default: false }),
        enableIpConnect: attr('ip_connect_enabled', { default: false }),
        enableShareableLink: attr('shareable_link_enabled', { default: false }),
        enableTunneling: attr('tunneling_enabled', { default: false }),
        enableKerberos: attr('kerberos_enabled', { default: false }),
        enableSessionRecording: attr('session_recording_enabled', { default: false }),
        // azurerm 4.x (2025-01-01 API): Premium Bastion without a public IP.
        enablePrivateOnlyBastion: attr('private_only_enabled', { default: false }),
        scaleUnits: attr('scale_units'),
      },
    },
  },
  azurerm_web_application_firewall_policy: {
    type: 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies',
    id: inResourceGroup('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies'),
    body: {
      ...common,
      properties: {
        // The provider sends no policySettings without a policy_settings block (its defaults apply inside the block only).
        policySettings: calc((s) => {
          const block = s.attrs['policy_settings'];
          if (isUnknown(block)) return block;
          if (!Array.isArray(block) || block.length === 0) return undefined;
          const settings = Array.isArray(block) ? block[0] : undefined;
          const read = (key: string, fallback: Value): Value =>
            typeof settings === 'object' && settings !== null && !Array.isArray(settings) && !isUnknown(settings) && settings[key] !== undefined
              ? (settings[key] as Value)
              : fallback;
          const on = read('enabled', true);
          return {
            state: isUnknown(on) ? on : on === true ? 'Enabled' : 'Disabled',
            mode: read('mode', 'Prevention'),
            requestBodyCheck: read('request_body_check', true),
          };
        }),
        managedRules: { managedRuleSets: calc((s) => flatten(WAF_MANAGED_RULE_SETS.read(s, ''))) },
        customRules: blocks('custom_rules', { name: attr('name'), priority: attr('priority'), action: attr('action'), ruleType: attr('rule_type') }),
      },
    },
  },
  azurerm_cdn_frontdoor_profile: {
    type: 'Microsoft.Cdn/profiles',
    id: inResourceGroup('Microsoft.Cdn/profiles'),
    body: { location: lit('Global'), tags: attr('tags'), sku: { name: attr('sku_name') } },
  },
  azurerm_cdn_frontdoor_endpoint: {
    type: 'Microsoft.Cdn/profiles/afdEndpoints',
    id: childOf('cdn_frontdoor_profile_id', 'afdEndpoints'),
    body: { properties: { enabledState: enabled('enabled', 'Enabled', 'Disabled', true) } },
  },
  azurerm_cdn_frontdoor_origin_group: {
    type: 'Microsoft.Cdn/profiles/originGroups',
    id: childOf('cdn_frontdoor_profile_id', 'originGroups'),
    body: { properties: {} },
  },
  azurerm_cdn_frontdoor_origin: {
    type: 'Microsoft.Cdn/profiles/originGroups/origins',
    id: childOf('cdn_frontdoor_origin_group_id', 'origins'),
    body: {
      properties: {
        hostName: attr('host_name'),
        originHostHeader: attr('origin_host_header'),
        enabledState: enabled('enabled', 'Enabled', 'Disabled', true),
        sharedPrivateLinkResource: calc((s) => {
          const link = Array.isArray(s.attrs['private_link']) ? s.attrs['private_link'][0] : undefined;
          if (typeof link !== 'object' || link === null || Array.isArray(link) || isUnknown(link)) return undefined;
          return { privateLink: { id: link['private_link_target_id'] ?? null }, groupId: link['target_type'] ?? null, status: 'Approved' };
        }),
      },
    },
  },
  azurerm_cdn_frontdoor_route: {
    type: 'Microsoft.Cdn/profiles/afdEndpoints/routes',
    id: childOf('cdn_frontdoor_endpoint_id', 'routes'),
    body: {
      properties: {
        originGroup: ref('cdn_frontdoor_origin_group_id'),
        customDomains: refs('cdn_frontdoor_custom_domain_ids'),
        supportedProtocols: attr('supported_protocols'),
        httpsRedirect: enabled('https_redirect_enabled', 'Enabled', 'Disabled', true),
        forwardingProtocol: attr('forwarding_protocol'),
        patternsToMatch: attr('patterns_to_match'),
      },
    },
  },
  azurerm_cdn_frontdoor_custom_domain: {
    type: 'Microsoft.Cdn/profiles/customDomains',
    id: childOf('cdn_frontdoor_profile_id', 'customDomains'),
    body: { properties: { hostName: attr('host_name') } },
  },
  azurerm_cdn_frontdoor_firewall_policy: {
    type: 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies',
    id: inResourceGroup('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies'),
    body: {
      location: lit('Global'),
      tags: attr('tags'),
      sku: { name: attr('sku_name') },
      properties: {
        policySettings: {
          enabledState: enabled('enabled', 'Enabled', 'Disabled', true),
          mode: attr('mode'),
          requestBodyCheck: enabled('request_body_check_enabled', 'Enabled', 'Disabled', true),
        },
        managedRules: {
          managedRuleSets: blocks('managed_rule', { ruleSetType: attr('type'), ruleSetVersion: attr('version'), ruleSetAction: attr('action') }),
        },
      },
    },
  },
  azurerm_cdn_frontdoor_security_policy: {
    type: 'Microsoft.Cdn/profiles/securityPolicies',
    id: childOf('cdn_frontdoor_profile_id', 'securityPolicies'),
    body: {
      properties: {
        parameters: calc((s) => {
          const policies = first(s, 'security_policies', 'firewall');
          const firewall = Array.isArray(policies) ? policies[0] : undefined;
          if (isUnknown(policies)) return policies;
          if (typeof firewall !== 'object' || firewall === null || Array.isArray(firewall) || isUnknown(firewall)) return undefined;
          const associations = Array.isArray(firewall['association']) ? firewall['association'] : [];
          return {
            type: 'WebApplicationFirewall',
            wafPolicy: { id: firewall['cdn_frontdoor_firewall_policy_id'] ?? null },
            associations: associations.map((association) => {
              const a = typeof association === 'object' && association !== null && !Array.isArray(association) && !isUnknown(association) ? association : {};
              const domains = Array.isArray(a['domain']) ? a['domain'] : [];
              return {
                domains: domains.map((d) => ({
                  id: typeof d === 'object' && d !== null && !Array.isArray(d) && !isUnknown(d) ? (d['cdn_frontdoor_domain_id'] ?? null) : null,
                })),
                patternsToMatch: a['patterns_to_match'] ?? ['/*'],
              };
            }),
          };
        }),
      },
    },
  },
  azurerm_frontdoor: {
    type: 'Microsoft.Network/frontDoors',
    id: inResourceGroup('Microsoft.Network/frontDoors'),
    body: {
      location: lit('Global'),
      tags: attr('tags'),
      properties: {
        frontendEndpoints: blocks('frontend_endpoint', {
          name: attr('name'),
          properties: { hostName: attr('host_name'), webApplicationFirewallPolicyLink: { id: attr('web_application_firewall_policy_link_id') } },
        }),
        backendPools: blocks('backend_pool', { name: attr('name') }),
      },
    },
  },
  azurerm_frontdoor_firewall_policy: {
    type: 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies',
    id: inResourceGroup('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies'),
    body: {
      location: lit('Global'),
      tags: attr('tags'),
      sku: { name: lit('Classic_AzureFrontDoor') },
      properties: {
        policySettings: { enabledState: enabled('enabled', 'Enabled', 'Disabled', true), mode: attr('mode', { default: 'Prevention' }) },
        managedRules: { managedRuleSets: blocks('managed_rule', { ruleSetType: attr('type'), ruleSetVersion: attr('version') }) },
      },
    },
  },
  azurerm_cdn_profile: {
    type: 'Microsoft.Cdn/profiles',
    id: inResourceGroup('Microsoft.Cdn/profiles'),
    body: { ...common, sku: { name: attr('sku') } },
  },
  azurerm_cdn_endpoint: {
    type: 'Microsoft.Cdn/profiles/endpoints',
    id: childByName('Microsoft.Cdn/profiles', 'profile_name', 'endpoints'),
    body: {
      ...common,
      properties: {
        isHttpAllowed: attr('is_http_allowed', { default: true }),
        origins: blocks('origin', { name: attr('name'), properties: { hostName: attr('host_name') } }),
      },
    },
  },
};

function first(source: ShapeSource, blockName: string, key: string): Value | undefined {
  const value = source.attrs[blockName];
  if (isUnknown(value)) return value;
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === 'object' && item !== null && !Array.isArray(item) && !isUnknown(item) ? item[key] : undefined;
}

function flatten(value: Value | undefined): Value | undefined {
  if (!Array.isArray(value)) return value;
  return value.flatMap((item) => (Array.isArray(item) ? item : [item]));
}
