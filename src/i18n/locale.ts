/** The languages azvmsec speaks. */
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text in every language. */
export type Localized = Readonly<Record<Locale, string>>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language from an environment such as `LANG=ja_JP.UTF-8`; English otherwise. */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  const value = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return value.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** Placeholder names used in a template such as `Port {{port}} is open`. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] as string);
}

/** Fills `{{name}}` placeholders; a missing value stays visible as `{{name}}`. */
export function format(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  const parts = compiled(template);
  if (parts.length === 1) return template;
  // Parts joined once: one flat string rather than a chain of concatenations.
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    out.push(parts[i] as string);
    if (i + 2 >= parts.length) break;
    const value = data[parts[i + 2] as string];
    out.push(value === undefined ? (parts[i + 1] as string) : String(value));
  }
  return out.join('');
}

/** Templates split once: literal, placeholder, name, literal, … (rule messages are few; findings render them on every read). */
const templates = new Map<string, readonly string[]>();

function compiled(template: string): readonly string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/(\{\{\s*(\w+)\s*\}\})/);
    if (templates.size < 10_000) templates.set(template, parts);
  }
  return parts;
}
