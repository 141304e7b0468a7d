import { COMPUTE } from './compute.js';
import { EDGE } from './edge.js';
import { NETWORK } from './network.js';
import { OPERATIONS } from './operations.js';
import { SECURITY } from './security.js';
import type { Mapping } from './types.js';

/** Every mapped Terraform resource type (azurerm and azuread), one family per file. */
export const MAPPINGS: Readonly<Record<string, Mapping>> = { ...COMPUTE, ...NETWORK, ...EDGE, ...SECURITY, ...OPERATIONS };

export function mappingFor(type: string): Mapping | undefined {
  return Object.hasOwn(MAPPINGS, type) ? MAPPINGS[type] : undefined;
}

export type { Mapping, Patch } from './types.js';
