import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseJson } from '../json/parse.js';
import { readInsideRoot } from './inside.js';

const NOT_FETCHED = 'Bicep registry modules are not fetched in an offline scan';

/** The public registry's alias, which a bicepconfig.json may also define. */
const PUBLIC = { registry: 'mcr.microsoft.com', modulePath: 'bicep' };

/** A bicepconfig.json larger than this is not read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Where `bicep restore` put a registry module (`br:registry/path:tag`, `br/alias:path:tag`):
 * `<cache>/br/<registry>/<repository, / as $>/<tag>$/main.json`. An alias is `public`
 * (`mcr.microsoft.com/bicep`) or one the nearest bicepconfig.json defines (`moduleAliases.br`), looked
 * for from `folder` up to `root`. Nothing is fetched: a module not in the cache is an error saying so.
 */
export function restoredModule(
  reference: string,
  cache: string | undefined,
  folder: string,
  root: string,
): { file: string; cache: string } | { error: string } {
  if (cache === undefined) return { error: NOT_FETCHED };
  const unreadable = { error: `${NOT_FETCHED}, and ${reference} names no version azvmsec can find in the local Bicep cache` };
  const match = /^br(?::([^/]+)\/|\/([^:]+):)(.+):([^:@/]+)$/i.exec(reference);
  if (!match) return unreadable;
  const [, registry, alias, modulePath, tag] = match as unknown as [string, string | undefined, string | undefined, string, string];
  let host = registry;
  let repository = modulePath;
  if (alias !== undefined) {
    const defined = moduleAlias(alias, folder, root);
    if (defined === undefined) return { error: `${NOT_FETCHED}, and no bicepconfig.json of the scan defines the alias br/${alias}` };
    host = defined.registry;
    repository = defined.modulePath ? `${defined.modulePath}/${modulePath}` : modulePath;
  }
  if ([host, ...repository.split('/'), tag].some((part) => part === undefined || part === '' || part === '.' || part === '..' || part.includes('\\')))
    return unreadable;
  const file = path.join(cache, 'br', host as string, repository.replaceAll('/', '$'), `${tag}$`, 'main.json');
  if (!existsSync(file)) return { error: `${NOT_FETCHED}, and it is not in the local Bicep cache (${cache}): run bicep restore, or az bicep build, first` };
  return { file, cache };
}

/** What a `br/alias:` stands for: `public`, or the nearest bicepconfig.json's `moduleAliases.br.<alias>`. */
function moduleAlias(alias: string, folder: string, root: string): { registry: string; modulePath?: string } | undefined {
  const top = path.resolve(root);
  for (let at = path.resolve(folder); at === top || at.startsWith(top + path.sep); at = path.dirname(at)) {
    const defined = aliasesIn(path.join(at, 'bicepconfig.json'), root);
    // The nearest configuration is the one Bicep uses.
    if (defined !== undefined) {
      const key = Object.keys(defined).find((name) => name.toLowerCase() === alias.toLowerCase());
      if (key !== undefined) return defined[key];
      break;
    }
    if (at === top) break;
  }
  return alias.toLowerCase() === 'public' ? PUBLIC : undefined;
}

/** The `moduleAliases.br` of a bicepconfig.json inside the scan root; undefined when there is none or it cannot be read. */
function aliasesIn(file: string, root: string): Record<string, { registry: string; modulePath?: string }> | undefined {
  if (!existsSync(file)) return undefined;
  const read = readInsideRoot(file, root, MAX_CONFIG_BYTES, (shown) => shown);
  if ('error' in read) return undefined;
  let config: unknown;
  try {
    config = parseJson(new TextDecoder('utf-8').decode(read.bytes)).value;
  } catch {
    return undefined;
  }
  const aliases = (config as { moduleAliases?: { br?: unknown } } | null)?.moduleAliases?.br;
  const found: Record<string, { registry: string; modulePath?: string }> = {};
  if (typeof aliases === 'object' && aliases !== null && !Array.isArray(aliases)) {
    for (const [name, entry] of Object.entries(aliases)) {
      const registry = (entry as { registry?: unknown } | null)?.registry;
      const modulePath = (entry as { modulePath?: unknown } | null)?.modulePath;
      if (typeof registry === 'string') found[name] = { registry, ...(typeof modulePath === 'string' ? { modulePath } : {}) };
    }
  }
  return found;
}
