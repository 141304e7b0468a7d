import { attr, block, blocks, lit, type Shape } from './shape.js';
import { childOf, inResourceGroup, type Mapping } from './types.js';

/**
 * azurerm Azure Virtual Network Manager → ARM: the manager, its network groups and their static
 * members, security admin configurations, rule collections and admin rules, which the network
 * analysis lays over the NSGs of the VNets they may apply to.
 */

const ADDRESS: Shape = { addressPrefix: attr('address_prefix'), addressPrefixType: attr('address_prefix_type') };

export const NETWORK_MANAGER: Readonly<Record<string, Mapping>> = {
  azurerm_network_manager: {
    type: 'Microsoft.Network/networkManagers',
    id: inResourceGroup('Microsoft.Network/networkManagers'),
    body: {
      location: attr('location'),
      tags: attr('tags'),
      properties: {
        networkManagerScopes: block('scope', { managementGroups: attr('management_group_ids'), subscriptions: attr('subscription_ids') }),
        networkManagerScopeAccesses: attr('scope_accesses'),
      },
    },
  },
  azurerm_network_manager_network_group: {
    type: 'Microsoft.Network/networkManagers/networkGroups',
    id: childOf('network_manager_id', 'networkGroups'),
    body: { properties: { description: attr('description'), memberType: attr('member_type') } },
  },
  azurerm_network_manager_static_member: {
    type: 'Microsoft.Network/networkManagers/networkGroups/staticMembers',
    id: childOf('network_group_id', 'staticMembers'),
    body: { properties: { resourceId: attr('target_virtual_network_id') } },
  },
  azurerm_network_manager_security_admin_configuration: {
    type: 'Microsoft.Network/networkManagers/securityAdminConfigurations',
    id: childOf('network_manager_id', 'securityAdminConfigurations'),
    body: { properties: { description: attr('description'), applyOnNetworkIntentPolicyBasedServices: attr('apply_on_network_intent_policy_based_services') } },
  },
  azurerm_network_manager_admin_rule_collection: {
    type: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections',
    id: childOf('security_admin_configuration_id', 'ruleCollections'),
    body: {
      properties: {
        description: attr('description'),
        appliesToGroups: attr('network_group_ids', { map: (ids) => (Array.isArray(ids) ? ids.map((networkGroupId) => ({ networkGroupId })) : ids) }),
      },
    },
  },
  azurerm_network_manager_admin_rule: {
    type: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
    id: childOf('admin_rule_collection_id', 'rules'),
    body: {
      kind: lit('Custom'),
      properties: {
        description: attr('description'),
        access: attr('action'),
        direction: attr('direction'),
        priority: attr('priority'),
        protocol: attr('protocol'),
        sources: blocks('source', ADDRESS),
        destinations: blocks('destination', ADDRESS),
        sourcePortRanges: attr('source_port_ranges'),
        destinationPortRanges: attr('destination_port_ranges'),
      },
    },
  },
};
