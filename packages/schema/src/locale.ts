/** The interface languages Ariadne ships: English, Arabic (right-to-left) and French. */
export const LOCALES = ['en', 'ar', 'fr'] as const;

export type Locale = (typeof LOCALES)[number];

/** A text in every supported locale, as written in the schema YAML files. */
export type LocalizedText = Readonly<Record<Locale, string>>;

/**
 * Narrows a query-string value to a supported locale.
 *
 * @example isLocale('ar') // true
 */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
