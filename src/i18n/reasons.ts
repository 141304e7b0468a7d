import { linearRegExp } from '../model/linear-regexp.js';
import { isUnknown } from '../model/value.js';
import type { Locale } from './locale.js';
import { PHRASES, REASONS } from './reasons/index.js';

/**
 * The English text of a reason (why an evaluation is unknown, not assessed or not applicable, or
 * why an exposure path cannot be decided) and its Japanese. Reasons are written in English where
 * they arise, in rules, analyses and the template engines, and stay English in the evaluation:
 * baselines and scripts read them. Reports render them in their language by the template the
 * English text matches; so are the phrases a rule puts in a finding's data (its `phrases`).
 *
 * `{{name}}` in `en` matches any text; the same placeholder in `ja` receives it. A placeholder whose
 * name starts with `reason` holds a reason itself and is rendered in turn (`the subnet NSG cannot be
 * read: {{reason}}`); `{{reasons}}` holds several, joined by `; `.
 */
export interface ReasonTemplate {
  readonly en: string;
  readonly ja: string;
}

/** Reasons longer than this are left in English: they are made of names and text from the input. */
const MAX_LENGTH = 20_000;
/** Reasons inside reasons are rendered to this depth. */
const MAX_DEPTH = 8;
/** Keys of the index: the first characters of a template's literal start. */
const KEY_LENGTH = 6;
/** Distinct texts a catalogue remembers the rendering of, at most. */
const MAX_REMEMBERED = 100_000;

interface Compiled {
  readonly template: ReasonTemplate;
  /** The index of the template in its list: candidates are tried in the order they are listed. */
  readonly order: number;
  readonly names: readonly string[];
  pattern?: RegExp | null;
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const PLACEHOLDER_ONCE = /\{\{\s*\w+\s*\}\}/;

/**
 * Renders English reasons in Japanese by a list of templates. Each reason is matched only against
 * the templates whose literal start it begins with (and those that start with a placeholder).
 */
export class ReasonCatalog {
  private readonly byStart = new Map<string, Compiled[]>();
  private readonly anyStart: Compiled[] = [];
  /** Texts repeat (one reason per VM for the same cause): each distinct one is matched once. */
  private readonly remembered = new Map<string, string>();

  constructor(templates: readonly ReasonTemplate[]) {
    templates.forEach((template, order) => {
      const names = [...template.en.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
      const compiled: Compiled = { template, order, names };
      const start = template.en.split(PLACEHOLDER_ONCE)[0] as string;
      if (start.length < KEY_LENGTH) this.anyStart.push(compiled);
      else {
        const key = start.slice(0, KEY_LENGTH);
        let list = this.byStart.get(key);
        if (!list) this.byStart.set(key, (list = []));
        list.push(compiled);
      }
    });
  }

  /**
   * The reason in Japanese; undefined when no template matches it. A reason inside it that no
   * template matches stays in English, unless `strict` (then the whole is undefined).
   */
  japanese(reason: string, strict = false): string | undefined {
    return this.rendered(reason, 0, strict);
  }

  /** The text in Japanese, or as written when no template matches it; remembered. */
  japaneseOrAsIs(text: string): string {
    let japanese = this.remembered.get(text);
    if (japanese === undefined) {
      japanese = this.japanese(text) ?? text;
      if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
      this.remembered.set(text, japanese);
    }
    return japanese;
  }

  private rendered(reason: string, depth: number, strict: boolean): string | undefined {
    if (reason.length > MAX_LENGTH || depth > MAX_DEPTH) return undefined;
    const keyed = this.byStart.get(reason.slice(0, KEY_LENGTH)) ?? [];
    for (const compiled of merged(keyed, this.anyStart)) {
      const match = pattern(compiled)?.exec(reason);
      if (!match) continue;
      const data = new Map<string, string>();
      for (let i = 0; i < compiled.names.length; i++) {
        const name = compiled.names[i] as string;
        const text = this.part(name, match[i + 1] as string, depth, strict);
        if (text === undefined) return undefined;
        data.set(name, text);
      }
      return compiled.template.ja.replace(PLACEHOLDER, (whole, name: string) => data.get(name) ?? whole);
    }
    return undefined;
  }

  private part(name: string, text: string, depth: number, strict: boolean): string | undefined {
    const inner = (one: string): string | undefined => this.rendered(one, depth + 1, strict) ?? (strict ? undefined : one);
    if (name === 'reasons') {
      const parts = text.split('; ').map(inner);
      return parts.includes(undefined) ? undefined : parts.join('; ');
    }
    return name.startsWith('reason') ? inner(text) : text;
  }
}

/** The template's English as a pattern, matched in time linear in the reason; null where this Node cannot. */
function pattern(compiled: Compiled): RegExp | null {
  if (compiled.pattern !== undefined) return compiled.pattern;
  const source = compiled.template.en
    .split(PLACEHOLDER_ONCE)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('(.+?)');
  const made = linearRegExp(`^${source}$`, 's');
  return (compiled.pattern = isUnknown(made) ? null : made);
}

let reasons: ReasonCatalog | undefined;
let phrases: ReasonCatalog | undefined;

function templates(): ReasonCatalog {
  return (reasons ??= new ReasonCatalog(REASONS));
}

/** Phrases first, then reasons: a phrase may hold a reason, a reason is never taken for a phrase. */
function phraseTemplates(): ReasonCatalog {
  return (phrases ??= new ReasonCatalog([...PHRASES, ...REASONS]));
}

/**
 * An English reason in Japanese by the templates of `reasons/`, every reason inside it included;
 * undefined when some part has no template (the tests require one for every reason they meet).
 */
export function japaneseReason(reason: string): string | undefined {
  return templates().japanese(reason, true);
}

/** The reason in the report's language (English as written when no template matches). */
export function reasonIn(reason: string, locale: Locale): string {
  return locale === 'en' ? reason : templates().japaneseOrAsIs(reason);
}

/** A phrase of a finding's data in Japanese, every part included; undefined when some part has no template. */
export function japanesePhrase(phrase: string): string | undefined {
  return phraseTemplates().japanese(phrase, true);
}

/** A phrase of a finding's data in the report's language (English as written when no template matches). */
export function phraseIn(phrase: string, locale: Locale): string {
  return locale === 'en' ? phrase : phraseTemplates().japaneseOrAsIs(phrase);
}

/** Two lists in template order, each already in that order. */
function* merged(a: readonly Compiled[], b: readonly Compiled[]): Iterable<Compiled> {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.order < y.order)) {
      yield x as Compiled;
      i++;
    } else {
      yield y;
      j++;
    }
  }
}
