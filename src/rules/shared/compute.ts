import { at, get, type Resource } from '../../model/resource.js';
import { isObject, isUnknown, Unknown, type Lookup, type Value } from '../../model/value.js';

export const VM_TYPES = ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'] as const;

/**
 * Where a VM's or a scale set's profiles live: `properties.osProfile` on a VM,
 * `properties.virtualMachineProfile.osProfile` on a scale set. Returns the property path prefix.
 */
export function profilePath(resource: Resource): string[] {
  return resource.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets' ? ['properties', 'virtualMachineProfile'] : ['properties'];
}

/** Reads a path under the VM's (or scale set's) profile root. */
export function profile(resource: Resource, ...path: (string | number)[]): Value | undefined {
  return get(resource, ...profilePath(resource), ...path);
}

/** Like `profile`, with the JSON pointer of the deepest node reached, for findings. */
export function profileAt(resource: Resource, ...path: (string | number)[]): Lookup {
  return at(resource, ...profilePath(resource), ...path);
}

const LINUX_PUBLISHERS =
  /^(canonical|redhat|suse|debian|openlogic|almalinux|kinvolk|oracle|erockyenterprisesoftwarefoundationinc1653071250513|resf|center-for-internet-security-inc|microsoftcblmariner)$/i;
const WINDOWS_PUBLISHERS =
  /^(microsoftwindowsserver|microsoftwindowsdesktop|microsoftsqlserver|microsoftvisualstudio|microsoftdynamicsax|microsoftsharepoint|microsoftbiztalkserver)$/i;

/**
 * The guest OS family: from `osDisk.osType`, then the OS configuration block, then well-known
 * marketplace publishers. Unknown when none of them tells.
 */
export function osFamily(resource: Resource): 'Linux' | 'Windows' | Unknown {
  const osType = profile(resource, 'storageProfile', 'osDisk', 'osType');
  if (typeof osType === 'string') {
    if (/^linux$/i.test(osType)) return 'Linux';
    if (/^windows$/i.test(osType)) return 'Windows';
  }
  const linux = profile(resource, 'osProfile', 'linuxConfiguration');
  const windows = profile(resource, 'osProfile', 'windowsConfiguration');
  if (isObject(linux)) return 'Linux';
  if (isObject(windows)) return 'Windows';
  const publisher = profile(resource, 'storageProfile', 'imageReference', 'publisher');
  if (typeof publisher === 'string') {
    if (LINUX_PUBLISHERS.test(publisher)) return 'Linux';
    if (WINDOWS_PUBLISHERS.test(publisher)) return 'Windows';
  }
  for (const value of [osType, linux, windows, publisher]) if (isUnknown(value)) return value;
  return new Unknown('the template does not say whether the VM runs Linux or Windows');
}

/** The VM's security type; absent means Standard (older API versions leave it out). */
export function securityType(resource: Resource): string | Unknown {
  const value = profile(resource, 'securityProfile', 'securityType');
  if (isUnknown(value)) return value;
  return typeof value === 'string' && value !== '' ? value : 'Standard';
}
