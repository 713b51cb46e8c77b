import type { ExtensionSpecs, LocaleCatalog } from './extension-spec.ts';
import { LOCALES, type Locale } from './locale.ts';

interface Texts {
  label?: string;
  plural?: string;
  description?: string;
  edgeLabel?: string;
  readonly properties: Map<string, { label?: string; description?: string }>;
}

/** Localized labels for schemata and properties; English falls back to FtM's label. */
export interface Translations {
  schema(locale: Locale, schema: string): Readonly<Omit<Texts, 'properties'>>;
  property(locale: Locale, schema: string, prop: string): { readonly label?: string; readonly description?: string };
}

/**
 * Builds the translation lookup from the locale catalogs (FtM's schemata) and the extension
 * specs (Ariadne's schemata, labelled in every locale). Reverse property labels are filed under
 * the range schema, where the stub property lives.
 *
 * @example buildTranslations({ fr: { schemata: { Person: { label: 'Personne' } } } }, {})
 */
export function buildTranslations(
  catalogs: Partial<Record<Locale, LocaleCatalog>>,
  specs: ExtensionSpecs,
): Translations {
  const table = new Map<Locale, Map<string, Texts>>(LOCALES.map((locale) => [locale, new Map()]));
  const texts = (locale: Locale, schema: string): Texts => {
    const bySchema = table.get(locale) as Map<string, Texts>;
    let found = bySchema.get(schema);
    if (!found) bySchema.set(schema, (found = { properties: new Map() }));
    return found;
  };
  for (const locale of LOCALES) {
    for (const [schema, entry] of Object.entries(catalogs[locale]?.schemata ?? {})) {
      const target = texts(locale, schema);
      Object.assign(target, { label: entry.label, plural: entry.plural, description: entry.description });
      for (const [prop, label] of Object.entries(entry.properties ?? {})) target.properties.set(prop, { label });
    }
    for (const [schema, spec] of Object.entries(specs)) {
      const target = texts(locale, schema);
      target.label = spec.label[locale];
      target.plural = spec.plural[locale];
      target.description = spec.description?.[locale];
      target.edgeLabel = spec.edge?.label?.[locale];
      for (const [prop, propSpec] of Object.entries(spec.properties ?? {})) {
        target.properties.set(prop, { label: propSpec.label[locale], description: propSpec.description?.[locale] });
        if (propSpec.reverse && propSpec.range) {
          texts(locale, propSpec.range).properties.set(propSpec.reverse.name, { label: propSpec.reverse.label[locale] });
        }
      }
    }
  }
  return {
    schema: (locale, schema) => {
      const { properties: _properties, ...rest } = texts(locale, schema);
      return rest;
    },
    property: (locale, schema, prop) => texts(locale, schema).properties.get(prop) ?? {},
  };
}
