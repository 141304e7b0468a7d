/**
 * Resource functions (template-functions-resource). Ids are built exactly as ARM builds them, from the
 * host's subscription(), resourceGroup() and managementGroup() objects and the scope it deploys to
 * (`deploymentScope()`); a host deploying at subscription scope may also return null from
 * resourceGroup() (or throw ExpressionError). Runtime state (reference, references, list*,
 * pickZones, providers) comes from the host or is Unknown.
 */
import { Unknown, isUnknown, prop, type Value } from '../../../model/value.js';
import { ExpressionError } from '../errors.js';
import type { Call, FunctionSpec } from '../types.js';
import { describeType, fn, stringArg } from './support.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A string read from a host object, or the Unknown that stands for it. */
function hostField(call: Call, value: Value, field: string, what: string): string | Unknown {
  if (isUnknown(value)) return value;
  const found = prop(value, field);
  if (isUnknown(found) || typeof found === 'string') return found;
  throw call.error(`${what} has no '${field}'`);
}

function currentResourceGroup(call: Call): string | Unknown | undefined {
  if ((call.host.deploymentScope?.() ?? 'resourceGroup') !== 'resourceGroup') return undefined;
  let group: Value;
  try {
    group = call.host.resourceGroup();
  } catch (error) {
    if (error instanceof ExpressionError) return undefined;
    throw error;
  }
  return group === null ? undefined : hostField(call, group, 'name', 'resourceGroup()');
}

/** Splits the arguments into the leading scope arguments, the type and the name segments. */
function typeAndNames(call: Call, args: readonly string[]): { leading: string[]; type: string; names: string[] } {
  const at = args.findIndex((arg) => arg.includes('/'));
  if (at < 0) throw call.error('no resource type (namespace/type) among the arguments');
  // ARM accepts a trailing slash after the type ('Microsoft.Storage/storageAccounts/').
  const type = (args[at] as string).replace(/\/+$/, '');
  const names = args.slice(at + 1).flatMap((name) => name.split('/'));
  const expected = type.split('/').length - 1;
  if (names.length !== expected) throw call.error(`resource type '${type}' needs ${expected} name segment(s), got ${names.length}`);
  return { leading: args.slice(0, at), type, names };
}

function providerPath(type: string, names: readonly string[]): string {
  const [namespace, ...types] = type.split('/');
  return `/providers/${namespace}` + types.map((segment, i) => `/${segment}/${names[i] as string}`).join('');
}

function stringArgs(call: Call): string[] {
  return Array.from({ length: call.argCount }, (_, i) => stringArg(call, i));
}

function subscriptionId(call: Call): string | Unknown {
  return hostField(call, call.host.subscription(), 'subscriptionId', 'subscription()');
}

function resourceId(call: Call): Value {
  const { leading, type, names } = typeAndNames(call, stringArgs(call));
  if (leading.length > 2) throw call.error('too many arguments before the resource type');
  // Microsoft: "Management group or tenant scope: /providers/{resourceProviderNamespace}/{resourceType}/{resourceName}".
  const deployedAt = call.host.deploymentScope?.();
  if (leading.length === 0 && (deployedAt === 'managementGroup' || deployedAt === 'tenant')) return providerPath(type, names);
  let subscription: string | Unknown;
  let group: string | Unknown | undefined;
  if (leading.length === 2) [subscription, group] = leading as [string, string];
  else {
    subscription = subscriptionId(call);
    group = currentResourceGroup(call);
    if (leading.length === 1) {
      if (group === undefined && GUID.test(leading[0] as string)) subscription = leading[0] as string;
      else group = leading[0] as string;
    }
  }
  if (isUnknown(subscription)) return subscription;
  if (isUnknown(group)) return group;
  const scope = group === undefined ? `/subscriptions/${subscription}` : `/subscriptions/${subscription}/resourceGroups/${group}`;
  return scope + providerPath(type, names);
}

function subscriptionResourceId(call: Call): Value {
  const { leading, type, names } = typeAndNames(call, stringArgs(call));
  if (leading.length > 1) throw call.error('only a subscription id may come before the resource type');
  const subscription = leading[0] ?? subscriptionId(call);
  if (isUnknown(subscription)) return subscription;
  return `/subscriptions/${subscription}${providerPath(type, names)}`;
}

function tenantResourceId(call: Call): Value {
  const { leading, type, names } = typeAndNames(call, stringArgs(call));
  if (leading.length > 0) throw call.error('the resource type must come first');
  return providerPath(type, names);
}

function managementGroupResourceId(call: Call): Value {
  const { leading, type, names } = typeAndNames(call, stringArgs(call));
  if (leading.length > 1) throw call.error('only a management group name may come before the resource type');
  const group = leading[0] ?? hostField(call, call.host.managementGroup(), 'name', 'managementGroup()');
  if (isUnknown(group)) return group;
  return `/providers/Microsoft.Management/managementGroups/${group}${providerPath(type, names)}`;
}

function extensionResourceId(call: Call): Value {
  const [base = '', ...rest] = stringArgs(call);
  const { leading, type, names } = typeAndNames(call, rest);
  if (leading.length > 0) throw call.error('the resource type must follow the base resource id');
  return base.replace(/\/+$/, '') + providerPath(type, names);
}

function reference(call: Call): Value {
  const target = stringArg(call, 0);
  const apiVersion = call.argCount > 1 ? stringArg(call, 1) : undefined;
  const full = call.argCount > 2 && stringArg(call, 2).toLowerCase() === 'full';
  return call.host.reference(target, apiVersion, full);
}

function references(call: Call): Value {
  const target = stringArg(call, 0);
  const full = call.argCount > 1 && stringArg(call, 1).toLowerCase() === 'full';
  const result = call.host.reference(target, undefined, full);
  if (isUnknown(result) || Array.isArray(result)) return result;
  throw call.error(`expected the host to return an array for the collection '${target}', got ${describeType(result)}`);
}

function list(call: Call): Value {
  const id = stringArg(call, 0);
  const apiVersion = call.argCount > 1 ? stringArg(call, 1) : undefined;
  return call.host.list(call.name, id, apiVersion);
}

function pickZones(call: Call): Value {
  const [namespace, type, location] = [stringArg(call, 0), stringArg(call, 1), stringArg(call, 2)];
  return new Unknown(`pickZones() for '${namespace}/${type}' in '${location}' depends on the zones Azure offers at deployment`);
}

function providers(call: Call): Value {
  const target = call.argCount > 1 ? `${stringArg(call, 0)}/${stringArg(call, 1)}` : stringArg(call, 0);
  return new Unknown(`providers('${target}') reads the resource provider registry at deployment`);
}

export const resourceFunctions: readonly FunctionSpec[] = [
  fn('extensionResourceId', 3, undefined, extensionResourceId),
  fn('listAccountSas', 2, 3, list),
  // list{Value}(resourceName or resourceIdentifier, apiVersion, functionValues): functionValues is optional.
  fn('listKeys', 2, 3, list),
  fn('listSecrets', 2, 3, list),
  fn('managementGroupResourceId', 2, undefined, managementGroupResourceId),
  fn('pickZones', 3, 5, pickZones),
  fn('providers', 1, 2, providers),
  fn('reference', 1, 3, reference),
  fn('references', 1, 2, references),
  fn('resourceId', 2, undefined, resourceId),
  fn('subscriptionResourceId', 2, undefined, subscriptionResourceId),
  fn('tenantResourceId', 2, undefined, tenantResourceId),
];
