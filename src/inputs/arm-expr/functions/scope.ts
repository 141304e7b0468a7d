/** Scope functions (template-functions-scope): the host supplies the objects (placeholders are fine). */
import type { FunctionSpec } from '../types.js';
import { fn } from './support.js';

export const scopeFunctions: readonly FunctionSpec[] = [
  fn('managementGroup', 0, 1, (call) => call.host.managementGroup()),
  fn('resourceGroup', 0, 2, (call) => call.host.resourceGroup()),
  fn('subscription', 0, 1, (call) => call.host.subscription()),
  fn('tenant', 0, 0, (call) => call.host.tenant()),
];
