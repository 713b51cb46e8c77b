/**
 * Locales, text direction and message lookup. Pure (no DOM) so node tests can check it.
 * Messages are flat `key → text` maps with `{name}` placeholders.
 */
export const LOCALES = ['en', 'ar', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export type Messages = Readonly<Record<string, string>>;

/** Names of each language in itself, for the switcher. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', ar: 'العربية', fr: 'Français' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/**
 * Pick the first supported locale from a stored choice, then the browser's preferences.
 * @example pickLocale(null, ['fr-CA', 'en']) // 'fr'
 */
export function pickLocale(stored: string | null, preferred: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/**
 * Look `key` up in `messages` (falling back to `fallback`, then the key itself) and fill placeholders.
 * @example translate({ hi: 'Hello {name}' }, 'hi', { name: 'Ana' }) // 'Hello Ana'
 */
export function translate(
  messages: Messages,
  key: string,
  vars?: Readonly<Record<string, string | number>>,
  fallback?: Messages,
): string {
  const template = messages[key] ?? fallback?.[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Placeholder names used in a message, sorted: lets tests compare translations. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
