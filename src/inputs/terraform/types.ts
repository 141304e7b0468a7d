/**
 * Variable type constraints (`type = list(object({ port = number, access = optional(string, "Allow") }))`):
 * the conversions Terraform makes to a variable's value before anything reads it. Attributes an
 * object type declares optional and the value leaves out get their default (or null); primitives
 * are converted (`"5"` to a number, `true` to `"true"`); a set is sorted and of one type; attributes
 * the type does not declare are dropped. A value that does not convert is left as it is: azvmsec
 * reads configurations Terraform would refuse, and does not refuse them itself.
 */
import { isObject, isUnknown, type Value, type ValueObject } from '../../model/value.js';
import { evaluateNode, force } from './evaluate.js';
import { HclSyntaxError, parseExpression, type Node } from './expression.js';
import { asSet, parseDecimal, toStringValue, unifyPrimitives } from './functions.js';

export type TypeConstraint =
  | { readonly kind: 'string' | 'number' | 'bool' | 'any' }
  | { readonly kind: 'list' | 'set' | 'map'; readonly element: TypeConstraint }
  | { readonly kind: 'tuple'; readonly elements: readonly TypeConstraint[] }
  | { readonly kind: 'object'; readonly attributes: ReadonlyMap<string, Attribute> };

interface Attribute {
  readonly type: TypeConstraint;
  readonly optional: boolean;
  readonly default?: Value;
}

const ANY: TypeConstraint = { kind: 'any' };

/** A variable's `type` as hcl2json gives it (`"${list(string)}"`, `"string"`), or undefined when it does not read as one. */
export function readTypeConstraint(raw: unknown): TypeConstraint | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.replace(/^\$\{([\s\S]*)\}$/, '$1').trim();
  try {
    return typeOf(parseExpression(text));
  } catch (error) {
    if (error instanceof HclSyntaxError) return undefined;
    throw error;
  }
}

function typeOf(node: Node): TypeConstraint | undefined {
  if (node.kind === 'variable') return ['string', 'number', 'bool', 'any'].includes(node.name) ? ({ kind: node.name } as TypeConstraint) : undefined;
  if (node.kind !== 'call') return undefined;
  const [first] = node.args;
  switch (node.name) {
    case 'list':
    case 'set':
    case 'map': {
      const element = first ? typeOf(first) : undefined;
      return element ? { kind: node.name, element } : undefined;
    }
    case 'tuple': {
      if (first?.kind !== 'tuple') return undefined;
      const elements = first.items.map(typeOf);
      return elements.every((each) => each !== undefined) ? { kind: 'tuple', elements: elements as TypeConstraint[] } : undefined;
    }
    case 'object': {
      if (first?.kind !== 'object') return undefined;
      const attributes = new Map<string, Attribute>();
      for (const entry of first.entries) {
        const name = entry.key.kind === 'literal' ? String(entry.key.value) : entry.key.kind === 'variable' ? entry.key.name : undefined;
        if (name === undefined) return undefined;
        const attribute = attributeOf(entry.value);
        if (!attribute) return undefined;
        attributes.set(name, attribute);
      }
      return { kind: 'object', attributes };
    }
    default:
      return undefined;
  }
}

function attributeOf(node: Node): Attribute | undefined {
  if (node.kind === 'call' && node.name === 'optional') {
    const type = node.args[0] ? typeOf(node.args[0]) : undefined;
    if (!type) return undefined;
    if (node.args[1] === undefined) return { type, optional: true };
    // Defaults are literals: they may not reference anything.
    const value = force(evaluateNode(node.args[1], { budget: { steps: 10_000 }, lookup: () => undefined }));
    return { type, optional: true, default: value };
  }
  const type = typeOf(node);
  return type ? { type, optional: false } : undefined;
}

/** Whether values of a type are written as HCL on the command line (Terraform parses `-var` only for complex types). */
export function isComplex(type: TypeConstraint | undefined): boolean {
  return type !== undefined && type.kind !== 'string' && type.kind !== 'number' && type.kind !== 'bool' && type.kind !== 'any';
}

/** `value` converted to `type`, as far as it converts. */
export function convert(value: Value, type: TypeConstraint = ANY): Value {
  if (value === null || isUnknown(value)) return value;
  switch (type.kind) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? toStringValue(value) : value;
    case 'number':
      return typeof value === 'string' ? (parseDecimal(value) ?? value) : value;
    case 'bool':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return value;
      // `list(any)`: the elements take one type, primitives of several all strings.
      const items = type.element.kind === 'any' ? unifyPrimitives(value) : value.map((item) => convert(item, type.element));
      return type.kind === 'set' ? asSet(items) : items;
    }
    case 'tuple':
      return Array.isArray(value) ? value.map((item, index) => convert(item, type.elements[index])) : value;
    case 'map': {
      if (!isObject(value)) return value;
      const out: ValueObject = {};
      const members = type.element.kind === 'any' ? unifyPrimitives(Object.values(value)) : undefined;
      Object.keys(value).forEach((key, i) => (out[key] = members ? (members[i] as Value) : convert(value[key] as Value, type.element)));
      return out;
    }
    case 'object': {
      if (!isObject(value)) return value;
      const out: ValueObject = {};
      for (const [name, attribute] of type.attributes) {
        if (Object.hasOwn(value, name) && value[name] !== null) out[name] = convert(value[name] as Value, attribute.type);
        else if (attribute.optional) out[name] = attribute.default === undefined ? null : convert(attribute.default, attribute.type);
        else if (Object.hasOwn(value, name)) out[name] = null;
      }
      return out;
    }
  }
}
