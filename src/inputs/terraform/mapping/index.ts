import { AZAPI } from './azapi.js';
import { COMPUTE } from './compute.js';
import { EDGE } from './edge.js';
import { HYBRID } from './hybrid.js';
import { NETWORK_MANAGER } from './network-manager.js';
import { NETWORK } from './network.js';
import { OPERATIONS } from './operations.js';
import { SECURITY } from './security.js';
import type { Mapping } from './types.js';

/** Every mapped Terraform resource type (azurerm, azuread and azapi), one family per file. */
export const MAPPINGS: Readonly<Record<string, Mapping>> = {
  ...COMPUTE,
  ...NETWORK,
  ...NETWORK_MANAGER,
  ...HYBRID,
  ...EDGE,
  ...SECURITY,
  ...OPERATIONS,
  ...AZAPI,
};

export function mappingFor(type: string): Mapping | undefined {
  return Object.hasOwn(MAPPINGS, type) ? MAPPINGS[type] : undefined;
}

export { armTypeOf } from './types.js';
export type { Mapping, Patch } from './types.js';
