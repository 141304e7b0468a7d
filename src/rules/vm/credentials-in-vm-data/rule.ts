import { at } from '../../../model/resource.js';
import { escapePointerToken, findKey, isObject, isUnknown, Unknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isReadFromAzure, isScaleSet, profileAt, vmExtensions, VM_TYPES, withoutVmModel } from '../../shared/compute.js';
import { decodeBase64, secretKinds } from '../../shared/secrets.js';

/** What a secure parameter reads as: the ARM reader withholds its value. */
const SECURE_PARAMETER = /^secure parameter /;

/** Stands for a part not known in text read for secrets: a placeholder, which the patterns pass over as they do `${x}`. */
const NOT_KNOWN = '${…}';

export default defineRule({
  id: 'AZV-VM-015',
  name: 'credentials-in-vm-data',
  pillar: 'VM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'No credentials in VM customData / userData / Custom Script Extension public settings',
    ja: 'VM の customData／userData／カスタムスクリプト拡張機能の公開設定に資格情報を含めない',
  },
  fix: {
    en: 'Move secrets to Key Vault (fetched by the VM managed identity) or to the extension protectedSettings; never put them in customData, userData or settings.',
    ja: 'シークレットは Key Vault（VM のマネージド ID で取得）または拡張機能の protectedSettings に移し、customData・userData・settings には置かないでください。',
  },
  messages: {
    secret: {
      en: '{{machine}} "{{name}}" has a {{kind}} in {{property}}, readable by anyone with read access to the VM.',
      ja: '{{machine}} "{{name}}" の{{property}} に資格情報（{{kind}}）が含まれており、VM の読み取り権限があれば誰でも読めます。',
    },
    credentialValue: {
      en: '{{machine}} "{{name}}" puts {{source}} into {{property}}, which is stored and shown in clear text: use protectedSettings or Key Vault.',
      ja: '{{machine}} "{{name}}" は資格情報（{{source}}）を{{property}} に渡しており、平文で保存・表示されます。protectedSettings か Key Vault を使用してください。',
    },
    secureParameter: {
      en: '{{machine}} "{{name}}" puts a secure parameter into {{property}}, which is stored and shown in clear text: use protectedSettings.',
      ja: '{{machine}} "{{name}}" はセキュアパラメーターを{{property}} に渡しており、平文で保存・表示されます。protectedSettings を使用してください。',
    },
  },
  phrases: ['property', 'source', 'kind'],
  mappings: {
    'mcsb-v1': ['IM-8'],
    peers: ['checkov CKV_AZURE_45', 'PSRule Azure.VM.ScriptExtensions'],
  },
  check(vm, context) {
    const noModel = withoutVmModel(vm, context);
    if (noModel) return noModel;
    let unknownReason: string | undefined;
    // Whether a finding was made: a VM read from Azure with none stays unknown (below).
    let reported = false;
    const report: typeof context.report = (...args) => {
      reported = true;
      context.report(...args);
    };
    const inspect = (property: string, value: Value | undefined, pointer: string, base64: boolean, target?: typeof vm): void => {
      for (const item of strings(value, pointer, property)) {
        const label = item.label;
        const where = { at: item.pointer, ...(target ? { resource: target } : {}) };
        // Text with parts not known: its known text is read, and each part on its own.
        const pieces = isUnknown(item.value) ? (item.value.pieces ?? [item.value]) : [item.value];
        const unknowns = pieces.filter(isUnknown);
        const secure = unknowns.filter((piece) => SECURE_PARAMETER.test(piece.reason));
        const others = unknowns.filter((piece) => !secure.includes(piece));
        if (secure.length > 0) report('secureParameter', { name: vm.name, property: label }, where);
        // A key, connection string or token only deployment knows (listKeys(), a storage account's access key) is still one.
        for (const source of new Set(others.map((piece) => piece.credential)))
          if (source !== undefined) report('credentialValue', { name: vm.name, property: label, source }, where);
        // A resource's state (an address, an endpoint) holds no credential; anything else not known may.
        const undecided = others.find((piece) => piece.credential === undefined && piece.stateOf === undefined);
        if (undecided) unknownReason ??= undecided.reason;
        const text = pieces.map((piece) => (typeof piece === 'string' ? piece : NOT_KNOWN)).join('');
        if (text === '' || text === NOT_KNOWN) continue;
        const decoded = (base64 && unknowns.length === 0) || looksEncoded(text) ? decodeBase64(text) : undefined;
        const kinds = new Set([...secretKinds(text), ...(decoded === undefined ? [] : secretKinds(decoded))]);
        for (const kind of kinds) report('secret', { name: vm.name, property: label, kind }, where);
      }
    };
    const customData = profileAt(vm, 'osProfile', 'customData');
    inspect('osProfile.customData', customData.value, customData.pointer, true);
    const userData = isScaleSet(vm) ? profileAt(vm, 'userData') : at(vm, 'properties', 'userData');
    inspect('userData', userData.value, userData.pointer, true);
    const extensions = vmExtensions(context.graph, vm);
    if (isUnknown(extensions)) unknownReason ??= extensions.reason;
    else {
      for (const extension of extensions) {
        const key = isObject(extension.properties) ? findKey(extension.properties, 'settings') : undefined;
        if (key === undefined || !isObject(extension.properties)) continue;
        const value = extension.properties[key];
        inspect(
          `extension "${extension.name}" settings`,
          value,
          `${extension.pointer}/${escapePointerToken(key)}`,
          false,
          extension.resource === vm ? undefined : extension.resource,
        );
      }
    }
    for (const command of context.graph.children(vm, 'Microsoft.Compute/virtualMachines/runCommands')) {
      const source = at(command, 'properties', 'source');
      inspect(`run command "${command.name.split('/').pop() ?? command.name}" source`, source.value, source.pointer, false, command);
      const parameters = at(command, 'properties', 'parameters');
      inspect(`run command "${command.name.split('/').pop() ?? command.name}" parameters`, parameters.value, parameters.pointer, false, command);
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
    // What Azure returns of a deployed VM leaves out custom data always and user data unless asked
    // for: with no credential in what was read, such a VM stays unknown, never a pass on data not read.
    if (!reported && isReadFromAzure(vm)) return context.unknown(notReturned(userData.value !== undefined && userData.value !== null));
  },
});

/** Why a VM read from Azure with no credential in what Azure returned stays unknown. */
function notReturned(userDataRead: boolean): string {
  return userDataRead
    ? "Azure never returns osProfile.customData: only userData and the extensions' public settings were checked for credentials"
    : "Azure never returns osProfile.customData, and Resource Graph does not return userData (only a GET with $expand=userData does): only the extensions' public settings were checked for credentials";
}

/** Levels of settings read; extension settings in real templates nest a few deep. */
const MAX_DEPTH = 64;

/**
 * Every string (or Unknown) leaf of a value, with its pointer and a readable property path (never
 * the value), in order. Read with a stack of its own: a hostile file's settings nested 50,000 deep
 * overflowed the call stack. Past `MAX_DEPTH` levels a leaf is Unknown.
 */
function strings(value: Value | undefined, pointer: string, label: string): { value: string | Unknown; pointer: string; label: string }[] {
  const found: { value: string | Unknown; pointer: string; label: string }[] = [];
  const pending: { value: Value | undefined; pointer: string; label: string; depth: number }[] = [{ value, pointer, label, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: item, pointer: at, label: name, depth } = next;
    if (item === undefined || item === null) continue;
    if (typeof item === 'string' || isUnknown(item)) found.push({ value: item, pointer: at, label: name });
    else if (depth >= MAX_DEPTH && (Array.isArray(item) || isObject(item))) {
      found.push({ value: new Unknown(`${name} is nested deeper than ${MAX_DEPTH} levels`), pointer: at, label: name });
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index--) {
        pending.push({ value: item[index], pointer: `${at}/${index}`, label: `${name}[${index}]`, depth: depth + 1 });
      }
    } else if (isObject(item)) {
      const keys = Object.keys(item);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index] as string;
        pending.push({ value: item[key], pointer: `${at}/${escapePointerToken(key)}`, label: `${name}.${key}`, depth: depth + 1 });
      }
    }
  }
  return found;
}

/** A long base64 run on its own (Linux CustomScript `script`), worth decoding. */
function looksEncoded(text: string): boolean {
  return text.length >= 24 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}
