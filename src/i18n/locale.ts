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
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}
