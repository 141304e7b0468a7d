import { isCredentialName } from '../../model/credential-names.js';
import { escapePointerToken, isObject, isUnknown, setMember, Unknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * What `reference()` returns for a resource the template itself deploys: the values the template
 * gives it, inside objects and arrays that stand for the deployed resource. A deployed resource
 * holds more than its template says (`provisioningState`, a public IP's `ipAddress`, subnets made
 * by other resources), so a member or item the template does not give is Unknown rather than an
 * error. Functions that list an object's members (`contains`, `items`, `length`) see the members
 * the template gives.
 */

/** Where each object or array of a view stands in the deployed resource. */
const openValues = new WeakMap<object, { readonly resourceId: string; readonly path: string }>();

/** Deeper than this, a copied value is Unknown (templates are read 256 levels deep). */
const MAX_COPY_DEPTH = 512;

/**
 * A copy of `value`, which stands at `path` (a JSON pointer: `/properties`, or '' for the whole
 * body) in the deployed resource `resourceId`, whose objects and arrays answer an absent member or
 * item with Unknown.
 */
export function runtimeView(value: Value, resourceId: string, path: string): Value {
  return copy(value, resourceId, path, 0);
}

function copy(value: Value, resourceId: string, path: string, depth: number): Value {
  if (value === null || typeof value !== 'object' || isUnknown(value)) return value;
  if (depth > MAX_COPY_DEPTH) return new Unknown(`reference() to '${resourceId}' is nested too deeply to read`);
  let out: Value[] | ValueObject;
  if (Array.isArray(value)) out = value.map((item, index) => copy(item, resourceId, `${path}/${index}`, depth + 1));
  else {
    out = {};
    for (const key of Object.keys(value)) setMember(out, key, copy(value[key] as Value, resourceId, `${path}/${escapePointerToken(key)}`, depth + 1));
  }
  openValues.set(out, { resourceId, path });
  return out;
}

/** For a member name or item index that `container` lacks: Unknown when the container stands for deployed state, else undefined. */
export function absentFromRuntime(container: Value, key: string | number): Unknown | undefined {
  if (!isObject(container) && !Array.isArray(container)) return undefined;
  const at = openValues.get(container);
  if (at === undefined) return undefined;
  const what = typeof key === 'number' ? `item ${key}` : `'${key}'`;
  return deployedValue(`${what} of reference() to '${at.resourceId}' is only known at deployment`, undefined, at.resourceId, at.path, key);
}

/** What `reference()` gives for a resource the input does not deploy: its properties, or with 'Full' its whole body, all only known at deployment. */
export function undeclaredReference(target: string, full: boolean): Unknown {
  return new Unknown(`reference() to '${target}' is only known at deployment`, undefined, {
    deployed: { resourceId: target, path: full ? '' : '/properties' },
    stateOf: target,
  });
}

/** A member or item of an Unknown deployed value: the deployed value one step further in (other Unknowns are passed on). */
export function deeperInRuntime(value: Unknown, key: string | number): Unknown {
  const deployed = value.deployed;
  if (deployed === undefined) return value;
  return deployedValue(value.reason, value.origin, deployed.resourceId, deployed.path, key);
}

/**
 * The Unknown for member or item `key` of the value at `path` in the deployed resource `resourceId`:
 * the resource's state, and a credential when the member is named as one (Application Insights'
 * `InstrumentationKey` and `ConnectionString`): Azure otherwise gives keys only through list
 * actions (`listKeys()`). What a deployment or a deployment script outputs can be anything, and is
 * neither.
 */
function deployedValue(reason: string, origin: Unknown['origin'], resourceId: string, path: string, key: string | number): Unknown {
  const deeper = `${path}/${escapePointerToken(String(key))}`;
  const outputs = /^\/properties\/outputs(?:\/|$)/i.test(deeper);
  const credential = !outputs && typeof key === 'string' && isCredentialName(key);
  return new Unknown(reason, origin, {
    deployed: { resourceId, path: deeper },
    ...(outputs ? {} : { stateOf: resourceId }),
    ...(credential ? { credential: `'${key}' of reference() to '${resourceId.split('/').pop() ?? resourceId}'` } : {}),
  });
}
