import type { ResourceGraph } from '../../model/graph.js';
import { oncePerObject } from '../../model/memo.js';
import { at, get, type Resource } from '../../model/resource.js';
import { isObject, isUnknown, lookup, prop, Unknown, valueAt, type Lookup, type Value } from '../../model/value.js';
import type { CheckOutcome, RuleContext } from '../define-rule.js';
import { unreadTable } from './subscription.js';

export const VM_TYPES = ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'] as const;

const SCALE_SET_TYPE = 'microsoft.compute/virtualmachinescalesets';
const SCALE_SET_PROFILE: readonly string[] = ['properties', 'virtualMachineProfile'];
const VM_PROFILE: readonly string[] = ['properties'];

/**
 * Where a VM's or a scale set's profiles live: `properties.osProfile` on a VM,
 * `properties.virtualMachineProfile.osProfile` on a scale set. Returns the property path prefix
 * (shared: do not change it).
 */
export function profilePath(resource: Resource): readonly string[] {
  // Types of another length are told apart without lower-casing them (this is asked millions of times).
  const type = resource.type;
  return type.length === SCALE_SET_TYPE.length && type.toLowerCase() === SCALE_SET_TYPE ? SCALE_SET_PROFILE : VM_PROFILE;
}

/** Reads a path under the VM's (or scale set's) profile root. */
export function profile(resource: Resource, ...path: (string | number)[]): Value | undefined {
  // Two walks, the profile root then the path: the same answer as one walk of both, without joining them.
  return valueAt(valueAt(resource.body, profilePath(resource)), path);
}

/** Like `profile`, with the JSON pointer of the deepest node reached, for findings. */
export function profileAt(resource: Resource, ...path: (string | number)[]): Lookup {
  const root = lookup(resource.body, profilePath(resource));
  return lookup(root.value, path, root.pointer);
}

const LINUX_PUBLISHERS =
  /^(canonical|redhat|suse|debian|openlogic|almalinux|kinvolk|oracle|erockyenterprisesoftwarefoundationinc1653071250513|resf|center-for-internet-security-inc|microsoftcblmariner)$/i;
const WINDOWS_PUBLISHERS =
  /^(microsoftwindowsserver|microsoftwindowsserverhpcpack|microsoftwindowsdesktop|microsoftvisualstudio|microsoftdynamicsax|microsoftsharepoint|microsoftbiztalkserver)$/i;
/**
 * SQL Server images run on Windows or Linux; the offer tells which: `sql2022-ws2022` and
 * `sql2016sp2-ws2019` on Windows Server, `sql2019-ubuntu2004`, `sql2019-rhel8` and `sql2019-sles12`
 * on Linux (read by `LINUX_OFFER`).
 */
const SQL_SERVER_PUBLISHER = /^microsoftsqlserver$/i;
const SQL_SERVER_WINDOWS_OFFER = /-ws\d{4}/i;
/** Marketplace offers that name their OS (`windows-data-science-vm`, `0001-com-ubuntu-server-jammy`). */
const WINDOWS_OFFER = /windows/i;
const LINUX_OFFER = /linux|ubuntu|debian|centos|rhel|sles|almalinux|rocky/i;

/**
 * Extensions made for one OS family (Azure refuses them on the other), by `publisher.type` in
 * lower case: a VM that has one runs that family.
 */
const EXTENSION_FAMILY: Readonly<Record<string, 'Linux' | 'Windows'>> = {
  'microsoft.azure.extensions.customscript': 'Linux',
  'microsoft.azure.extensions.dockerextension': 'Linux',
  'microsoft.ostcextensions.customscriptforlinux': 'Linux',
  'microsoft.ostcextensions.vmaccessforlinux': 'Linux',
  'microsoft.ostcextensions.linuxdiagnostic': 'Linux',
  'microsoft.azure.diagnostics.linuxdiagnostic': 'Linux',
  'microsoft.azure.monitor.azuremonitorlinuxagent': 'Linux',
  'microsoft.enterprisecloud.monitoring.omsagentforlinux': 'Linux',
  'microsoft.azure.security.azurediskencryptionforlinux': 'Linux',
  'microsoft.azure.activedirectory.aadsshloginforlinux': 'Linux',
  'microsoft.azure.azuredefenderforservers.mde.linux': 'Linux',
  'microsoft.guestconfiguration.configurationforlinux': 'Linux',
  'microsoft.compute.customscriptextension': 'Windows',
  'microsoft.compute.bginfo': 'Windows',
  'microsoft.compute.jsonaddomainextension': 'Windows',
  'microsoft.compute.vmaccessagent': 'Windows',
  'microsoft.powershell.dsc': 'Windows',
  'microsoft.azure.diagnostics.iaasdiagnostics': 'Windows',
  'microsoft.azure.monitor.azuremonitorwindowsagent': 'Windows',
  'microsoft.enterprisecloud.monitoring.microsoftmonitoringagent': 'Windows',
  'microsoft.azure.security.iaasantimalware': 'Windows',
  'microsoft.azure.security.azurediskencryption': 'Windows',
  'microsoft.azure.activedirectory.aadloginforwindows': 'Windows',
  'microsoft.azure.azuredefenderforservers.mde.windows': 'Windows',
  'microsoft.guestconfiguration.configurationforwindows': 'Windows',
};

/**
 * The guest OS family: from `osDisk.osType`, then the OS configuration block, then the image (a
 * well-known marketplace publisher, an offer that names its OS, or a custom or gallery image in
 * the input that gives its `osType`), then an extension made for one family. Unknown when none
 * of them tells.
 */
export function osFamily(graph: ResourceGraph, resource: Resource): 'Linux' | 'Windows' | Unknown {
  const osType = profile(resource, 'storageProfile', 'osDisk', 'osType');
  if (typeof osType === 'string') {
    if (/^linux$/i.test(osType)) return 'Linux';
    if (/^windows$/i.test(osType)) return 'Windows';
  }
  const linux = profile(resource, 'osProfile', 'linuxConfiguration');
  const windows = profile(resource, 'osProfile', 'windowsConfiguration');
  if (isObject(linux)) return 'Linux';
  if (isObject(windows)) return 'Windows';
  const image = profile(resource, 'storageProfile', 'imageReference');
  const publisher = prop(image, 'publisher');
  const offer = prop(image, 'offer');
  if (typeof publisher === 'string') {
    if (LINUX_PUBLISHERS.test(publisher)) return 'Linux';
    if (WINDOWS_PUBLISHERS.test(publisher)) return 'Windows';
    if (SQL_SERVER_PUBLISHER.test(publisher) && typeof offer === 'string' && SQL_SERVER_WINDOWS_OFFER.test(offer)) return 'Windows';
  }
  if (typeof offer === 'string') {
    if (WINDOWS_OFFER.test(offer)) return 'Windows';
    if (LINUX_OFFER.test(offer)) return 'Linux';
  }
  const imageId = prop(image, 'id');
  const fromImage = imageFamily(graph, resource, imageId);
  if (fromImage !== undefined) return fromImage;
  const extensions = vmExtensions(graph, resource);
  if (!isUnknown(extensions)) {
    for (const extension of extensions) {
      if (typeof extension.publisher !== 'string' || typeof extension.type !== 'string') continue;
      const family = EXTENSION_FAMILY[`${extension.publisher}.${extension.type}`.toLowerCase()];
      if (family) return family;
    }
  }
  for (const value of [osType, linux, windows, publisher, offer, imageId]) if (isUnknown(value)) return value;
  return new Unknown('the template does not say whether the VM runs Linux or Windows');
}

/** The `osType` of a custom image or gallery image definition the input holds (a gallery image version is read through its definition). */
function imageFamily(graph: ResourceGraph, resource: Resource, id: Value | undefined): 'Linux' | 'Windows' | undefined {
  if (typeof id !== 'string') return undefined;
  const image = graph.get(id.replace(/\/versions\/[^/]+\/?$/i, ''), resource);
  if (!image) return undefined;
  const osType = prop(get(image, 'properties'), 'storageProfile', 'osDisk', 'osType') ?? prop(get(image, 'properties'), 'osType');
  if (typeof osType !== 'string') return undefined;
  return /^linux$/i.test(osType) ? 'Linux' : /^windows$/i.test(osType) ? 'Windows' : undefined;
}

/**
 * The Compute API version from which a VM or scale set created without `securityType` gets Trusted
 * Launch when its image and size support it (Trusted Launch as default, generally available since
 * August 2026); with an earlier one it is Standard. Live and snapshot data give the security type
 * Azure set, so this concerns what a template or Bicep file deploys.
 */
export const TRUSTED_LAUNCH_AS_DEFAULT = '2025-11-01';

/** Why a VM left to Trusted Launch as default is unknown (AZV-VM-006, AZV-VM-007): its image and size decide. */
export const TRUSTED_LAUNCH_AS_DEFAULT_REASON = `securityType is not set, and from API version ${TRUSTED_LAUNCH_AS_DEFAULT} Azure gives a new Generation 2 VM Trusted Launch when its image and size support it (Trusted Launch as default)`;

/**
 * True when the template leaves the security type to Azure (no `securityType`) with an API version
 * from which Azure may give the VM Trusted Launch, and the VM is not known to be Generation 1 (an
 * OS disk or image of Generation 1 in the input), which never gets it.
 */
export function leftToTrustedLaunchAsDefault(graph: ResourceGraph, vm: Resource): boolean {
  const written = profile(vm, 'securityProfile', 'securityType');
  const apiVersion = vm.body['apiVersion'];
  if (!(written === undefined || written === null || written === '') || typeof apiVersion !== 'string' || apiVersion < TRUSTED_LAUNCH_AS_DEFAULT) return false;
  return attachedDiskGeneration(graph, vm) !== 'V1' && imageGeneration(graph, vm) !== 'V1';
}

/** The Hyper-V generation of the custom image or gallery image definition the VM is built from, when the input holds it. */
export function imageGeneration(graph: ResourceGraph, vm: Resource): string | undefined {
  const id = profile(vm, 'storageProfile', 'imageReference', 'id');
  if (typeof id !== 'string') return undefined;
  // A gallery image version is read through its definition.
  const image = graph.get(id.replace(/\/versions\/[^/]+\/?$/i, ''), vm);
  const generation = image === undefined ? undefined : get(image, 'properties', 'hyperVGeneration');
  return typeof generation === 'string' ? generation.toUpperCase() : undefined;
}

/** The Hyper-V generation of the OS disk, when the VM boots from a managed disk that is in the input. */
export function attachedDiskGeneration(graph: ResourceGraph, vm: Resource): string | undefined {
  const disk = graph.resolve(profile(vm, 'storageProfile', 'osDisk', 'managedDisk'), vm);
  if (disk === undefined || isUnknown(disk)) return undefined;
  const generation = get(disk, 'properties', 'hyperVGeneration');
  return typeof generation === 'string' ? generation.toUpperCase() : undefined;
}

/** Where `imageReference` names a custom or Azure Compute Gallery image (a marketplace image names publisher, offer, sku and version). */
const CUSTOM_IMAGE_PROPERTIES = ['id', 'sharedGalleryImageId', 'communityGalleryImageId'] as const;

/**
 * The custom image a VM or scale set model is built from: a managed image or Azure Compute Gallery
 * image (`imageReference.id`), a gallery shared with the subscription (`sharedGalleryImageId`) or a
 * community gallery (`communityGalleryImageId`), with where it is named. Undefined for a marketplace
 * image or none; Unknown when the reference is known only at deployment.
 */
export function customImage(resource: Resource): Lookup | Unknown | undefined {
  const reference = profileAt(resource, 'storageProfile', 'imageReference');
  if (isUnknown(reference.value)) return reference.value;
  for (const name of CUSTOM_IMAGE_PROPERTIES) {
    const found = lookup(reference.value, [name], reference.pointer);
    if (isUnknown(found.value)) return found.value;
    if (typeof found.value === 'string' && found.value !== '') return found;
  }
  return undefined;
}

export function securityType(resource: Resource): string | Unknown {
  const value = profile(resource, 'securityProfile', 'securityType');
  if (isUnknown(value)) return value;
  return typeof value === 'string' && value !== '' ? value : 'Standard';
}

/** One VM extension: a child resource (`virtualMachines/extensions`) or an entry of a scale set's `extensionProfile`. */
export interface VmExtension {
  /** Extension name (last segment). */
  readonly name: string;
  readonly publisher: string | Unknown | undefined;
  readonly type: string | Unknown | undefined;
  /** `properties` of the extension. */
  readonly properties: Value | undefined;
  /** The resource the extension is written in (the extension resource, or the scale set) and the pointer to its `properties`. */
  readonly resource: Resource;
  readonly pointer: string;
}

const EXTENSION_CHILD_TYPES = ['Microsoft.Compute/virtualMachines/extensions', 'Microsoft.Compute/virtualMachineScaleSets/extensions'];

/**
 * The extensions of a VM or a scale set: child extension resources in the input (nested or
 * declared apart), and for scale sets the `virtualMachineProfile.extensionProfile.extensions`
 * entries. Unknown when the scale set's extension list itself is unknown.
 */
export function vmExtensions(graph: ResourceGraph, vm: Resource): readonly VmExtension[] | Unknown {
  // Eight rules ask for every VM's extensions: read once per VM.
  const memo = graph.derive(extensionMemo);
  let found = memo.get(vm);
  if (found === undefined) {
    found = readExtensions(graph, vm);
    memo.set(vm, found);
  }
  return found;
}

const extensionMemo = (): WeakMap<Resource, readonly VmExtension[] | Unknown> => new WeakMap();

function readExtensions(graph: ResourceGraph, vm: Resource): VmExtension[] | Unknown {
  const found: VmExtension[] = [];
  for (const childType of EXTENSION_CHILD_TYPES) {
    for (const child of graph.children(vm, childType)) {
      const properties = get(child, 'properties');
      found.push({
        name: child.name.split('/').pop() ?? child.name,
        publisher: stringOrUnknown(get(child, 'properties', 'publisher')),
        type: stringOrUnknown(get(child, 'properties', 'type')),
        properties,
        resource: child,
        pointer: at(child, 'properties').pointer,
      });
    }
  }
  if (vm.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets') {
    const list = profileAt(vm, 'extensionProfile', 'extensions');
    if (isUnknown(list.value)) return list.value;
    if (Array.isArray(list.value)) {
      list.value.forEach((entry, index) => {
        // An entry not known may be any extension: its publisher and type are not known either.
        const properties = isUnknown(entry) ? entry : isObject(entry) ? lookup(entry, ['properties']).value : undefined;
        const name = isObject(entry) && typeof entry['name'] === 'string' ? entry['name'] : String(index);
        found.push({
          name,
          publisher: stringOrUnknown(lookup(properties, ['publisher']).value),
          type: stringOrUnknown(lookup(properties, ['type']).value),
          properties,
          resource: vm,
          pointer: `${list.pointer}/${index}/properties`,
        });
      });
    }
  }
  return found;
}

function stringOrUnknown(value: Value | undefined): string | Unknown | undefined {
  return typeof value === 'string' || isUnknown(value) ? value : undefined;
}

/** True when the extension is (publisher, one of types), compared case-insensitively. */
export function isExtension(extension: VmExtension, publishers: readonly string[], types: readonly string[]): boolean {
  const { publisher, type } = extension;
  return (
    typeof publisher === 'string' &&
    typeof type === 'string' &&
    publishers.some((p) => p.toLowerCase() === publisher.toLowerCase()) &&
    types.some((t) => t.toLowerCase() === type.toLowerCase())
  );
}

/**
 * Why the extension list of a VM may be incomplete, for a rule about to decide on an extension it
 * does not find: the first Unknown publisher or type among them, or, for a VM read from Azure, the
 * Resource Graph `resources` table not read in full for its subscription (refused, or cut short:
 * rows come ordered by id, so a VM's extension rows follow its own and may be past the cut).
 */
export function unreadableExtension(graph: ResourceGraph, vm: Resource, extensions: readonly VmExtension[]): Unknown | undefined {
  for (const extension of extensions) {
    if (isUnknown(extension.publisher)) return extension.publisher;
    if (isUnknown(extension.type)) return extension.type;
  }
  const unread = extensionRowsUnread(graph, vm);
  return unread === undefined ? undefined : new Unknown(unread);
}

/**
 * Why a VM read from Azure may have extensions the input does not hold: Resource Graph `resources`
 * was not read in full for its subscription. A scale set's extensions are in its own row
 * (`extensionProfile`); a VM's are rows of their own.
 */
export function extensionRowsUnread(graph: ResourceGraph, vm: Resource): string | undefined {
  if (vm.type.toLowerCase() !== 'microsoft.compute/virtualmachines') return undefined;
  return unreadTable(graph, vm, 'resources');
}

/** True for a scale set in Uniform orchestration mode (the default when the mode is not written). */
export function isUniformScaleSet(resource: Resource): boolean {
  if (resource.type.toLowerCase() !== 'microsoft.compute/virtualmachinescalesets') return false;
  const mode = get(resource, 'properties', 'orchestrationMode');
  return !(typeof mode === 'string' && /^flexible$/i.test(mode));
}

export function isScaleSet(resource: Resource): boolean {
  return resource.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets';
}

/** Why a rule that reads the VM model does not apply to a scale set without one. */
export const NO_VM_MODEL = 'scale set without a VM model: its VMs are checked one by one';

/**
 * True for a scale set created without a VM model (`properties.virtualMachineProfile` absent or
 * null), as a Flexible scale set may be: its VMs are separate `Microsoft.Compute/virtualMachines`
 * resources (with `properties.virtualMachineScaleSet`), each checked on its own, and the scale set
 * has no OS, disks, security settings or extensions of its own to read as Azure's defaults. A
 * model the input cannot read (Unknown) is not an absent one.
 */
export function hasNoVmModel(resource: Resource): boolean {
  if (!isScaleSet(resource)) return false;
  const model = get(resource, 'properties', 'virtualMachineProfile');
  return model === undefined || model === null;
}

/** What a rule that reads the VM model says of a scale set without one (not applicable); undefined for any other resource. */
export function withoutVmModel(resource: Resource, context: Pick<RuleContext<string, unknown>, 'notApplicable'>): CheckOutcome | undefined {
  return hasNoVmModel(resource) ? context.notApplicable(NO_VM_MODEL) : undefined;
}

/**
 * True for a VM or scale set read from Azure (a live scan or a snapshot of Resource Graph rows):
 * Azure gives every deployed resource its `properties.provisioningState`, which a template never
 * writes. Runtime facts (extensions Defender deployed, schedules assigned elsewhere) are then known
 * to be absent when the input does not hold them.
 */
export function isReadFromAzure(resource: Resource): boolean {
  return typeof get(resource, 'properties', 'provisioningState') === 'string';
}

/**
 * The OS configuration block (`windowsConfiguration` or `linuxConfiguration`) for the VM's OS
 * family, with its path under the profile. Unknown when the family cannot be told.
 */
export function osConfigurationPath(graph: ResourceGraph, resource: Resource): { family: 'Linux' | 'Windows'; path: string[] } | Unknown {
  const family = osFamily(graph, resource);
  if (isUnknown(family)) return family;
  return { family, path: ['osProfile', family === 'Linux' ? 'linuxConfiguration' : 'windowsConfiguration'] };
}

/** One disk of a VM model: its label for messages and its path under the profile (`storageProfile`, …). */
export interface VmDisk {
  readonly label: string;
  readonly path: readonly (string | number)[];
}

/**
 * The OS and data disks of a VM (or scale set model), with their paths under the profile. Unknown
 * when the data disk list is. Several rules ask for every VM's disks: read once per VM.
 */
export const vmDisks = oncePerObject(readDisks);

export const OS_DISK: VmDisk = Object.freeze({ label: 'osDisk', path: Object.freeze(['storageProfile', 'osDisk']) });

/**
 * Where a disk of a VM model keeps an unmanaged VHD in a storage account, each path under the
 * profile: `vhd.uri` on a VM's disk; a scale set's OS disk instead lists `vhdContainers` (the
 * containers its instances' VHDs are written to) or `image.uri` (a user image VHD), the two
 * properties built-in policy 06a78e20 ("Audit VMs that do not use managed disks") flags on scale
 * sets. Scale set data disks are always managed (they have no VHD property).
 */
export function vhdPaths(resource: Resource, disk: VmDisk): readonly (readonly (string | number)[])[] {
  const uri = [...disk.path, 'vhd', 'uri'];
  if (disk.label !== OS_DISK.label || !isScaleSet(resource)) return [uri];
  return [uri, [...disk.path, 'vhdContainers'], [...disk.path, 'image', 'uri']];
}

/**
 * The first property that keeps a disk as an unmanaged VHD (see `vhdPaths`), with its pointer: a
 * value written (a URI or a non-empty container list), or one only deployment knows, which is
 * returned only when no property is written. Undefined when the disk names no VHD.
 */
export function vhdOf(resource: Resource, disk: VmDisk): Lookup | undefined {
  let unknown: Lookup | undefined;
  for (const path of vhdPaths(resource, disk)) {
    const found = profileAt(resource, ...path);
    const value = found.value;
    if (isUnknown(value)) unknown ??= found;
    else if (value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)) return found;
  }
  return unknown;
}

function readDisks(resource: Resource): readonly VmDisk[] | Unknown {
  const dataDisks = profile(resource, 'storageProfile', 'dataDisks');
  if (isUnknown(dataDisks)) return dataDisks;
  const disks: VmDisk[] = [OS_DISK];
  if (Array.isArray(dataDisks)) dataDisks.forEach((_, index) => disks.push({ label: `dataDisks[${index}]`, path: ['storageProfile', 'dataDisks', index] }));
  return disks;
}
