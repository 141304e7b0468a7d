import type { Unknown, Value } from '../../model/value.js';
import type { ExpressionError } from './errors.js';

/** Where a template deploys: its `$schema` says. */
export type DeploymentScopeKind = 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';

/** What an expression can ask of the template engine that evaluates it. See evaluate.ts. */
export interface ExpressionHost {
  /** Unknown when the parameter has no value; throws ExpressionError when it is not declared. */
  parameter(name: string): Value;
  /** Evaluated lazily by the engine, which may call back into evaluation. */
  variable(name: string): Value;
  /** Throws ExpressionError outside a copy loop. */
  copyIndex(loopName: string | undefined): number | Unknown;
  userFunction(namespace: string, name: string): UserFunction | undefined;
  /** reference()/references(): the engine decides; Unknown for runtime-only state. */
  reference(target: string, apiVersion: string | undefined, full: boolean): Value;
  /**
   * reference() of a resource the input declares, by its id: what `reference` gives, or undefined
   * when no such resource is declared. Asked for an id with placeholders in it (name-text.ts).
   */
  declaredReference?(id: string, apiVersion: string | undefined, full: boolean): Value | undefined;
  /** list*(): normally Unknown. */
  list(functionName: string, resourceId: string, apiVersion: string | undefined): Value;
  deployment(): Value;
  environment(): Value;
  resourceGroup(): Value;
  subscription(): Value;
  tenant(): Value;
  managementGroup(): Value;
  /**
   * The scope the template deploys to, which decides the form of the ids `resourceId()` builds
   * (at a management group or the tenant, `/providers/…`); a resource group when absent.
   */
  deploymentScope?(): DeploymentScopeKind;
  /** deployer(): optional; Unknown ("known only at deployment") when absent. */
  deployer?(): Value;
  /** Time used by utcNow(); undefined → utcNow returns Unknown ("time of deployment"). */
  now: Date | undefined;
  /** Shared, mutable budget: evaluation decrements `steps` and throws LimitExceededError when it runs out. */
  budget: Budget;
}

export interface Budget {
  steps: number;
  maxStringLength: number;
  maxArrayLength: number;
  /** Maximum depth of nested user-defined function calls (default 32). */
  maxCallDepth?: number;
}

export interface UserFunction {
  parameters: { name: string; type?: string }[];
  output: { type?: string; value: Value };
}

/** Variables visible to the expression being evaluated. */
export interface Scope {
  /** Lambda variables, innermost last-declared wins. */
  readonly lambdaVariables?: ReadonlyMap<string, Value>;
  /** Parameters of the user-defined function being evaluated (case-insensitive keys, lowercased). */
  readonly functionParameters?: ReadonlyMap<string, Value>;
  /** Depth of user-defined function calls. */
  readonly callDepth: number;
}

export interface Lambda {
  readonly parameters: readonly string[];
  invoke(...values: Value[]): Value;
}

/** Guards against runaway evaluation; shared by every function. */
export interface Limits {
  /** Spends `steps` of the budget. */
  charge(steps: number): void;
  /** Throws LimitExceededError when a string of `length` would be too long. */
  ensureStringLength(length: number): void;
  /** Throws LimitExceededError when an array of `length` would be too long. */
  ensureArrayLength(length: number): void;
}

/** One call of a built-in function, as the function sees it. */
export interface Call {
  /** The name as written in the template. */
  readonly name: string;
  readonly argCount: number;
  /** Evaluates argument `index` (lazily, once). */
  arg(index: number): Value;
  /** The lambda written as argument `index`. */
  lambda(index: number): Lambda;
  readonly host: ExpressionHost;
  readonly scope: Scope;
  readonly limits: Limits;
  /** An ExpressionError located at this call. */
  error(message: string): ExpressionError;
  /** Calls a user-defined function. */
  callUser(namespace: string, name: string, args: readonly Value[]): Value;
}

/**
 * How a function treats Unknown arguments before it runs:
 * - `deep`: any Unknown anywhere in an argument makes the result that Unknown (the default, always safe);
 * - `shallow`: only an argument that is itself Unknown does; Unknown members are carried through;
 * - `custom`: arguments are evaluated lazily and the function handles Unknown itself.
 */
export type UnknownPolicy = 'deep' | 'shallow' | 'custom';

export interface FunctionSpec {
  /** Canonical spelling, as documented. */
  readonly name: string;
  readonly minArgs: number;
  /** Omitted: no upper bound. */
  readonly maxArgs?: number;
  readonly unknowns: UnknownPolicy;
  /** Argument positions that hold lambdas; they are never evaluated as values. */
  readonly lambdaArgs?: readonly number[];
  readonly evaluate: (call: Call) => Value;
}
