import { LOCALES, type LocalizedText } from './locale.ts';

/**
 * The shape of Ariadne's schema YAML files (`packages/schema/schemata/*.yaml`). It follows
 * FtM's own YAML (`followthemoney/schema/*.yaml`) with two differences: every label is
 * localized (`{ en, ar, fr }`), and a schema may be `sealed` (it holds victim personal data, so
 * every read is journalled and needs the `sealed:read` permission).
 */
export interface ExtensionReverseSpec {
  readonly name: string;
  readonly label: LocalizedText;
}

export interface ExtensionPropertySpec {
  readonly label: LocalizedText;
  readonly description?: LocalizedText;
  /** an FtM property type name; `entity` when `range` is given, `string` otherwise */
  readonly type?: string;
  readonly range?: string;
  readonly reverse?: ExtensionReverseSpec;
  readonly maxLength?: number;
  readonly hidden?: boolean;
  /** an enumeration: the allowed codes and their labels */
  readonly values?: Readonly<Record<string, LocalizedText>>;
}

export interface ExtensionEdgeSpec {
  readonly source: string;
  readonly target: string;
  readonly directed: boolean;
  readonly label?: LocalizedText;
  readonly caption?: readonly string[];
}

export interface ExtensionSchemaSpec {
  readonly label: LocalizedText;
  readonly plural: LocalizedText;
  readonly description?: LocalizedText;
  readonly extends?: readonly string[];
  readonly abstract?: boolean;
  readonly matchable?: boolean;
  readonly sealed?: boolean;
  readonly caption?: readonly string[];
  readonly featured?: readonly string[];
  readonly required?: readonly string[];
  readonly edge?: ExtensionEdgeSpec;
  readonly temporalExtent?: { readonly start: readonly string[]; readonly end: readonly string[] };
  readonly properties?: Readonly<Record<string, ExtensionPropertySpec>>;
}

export type ExtensionSpecs = Readonly<Record<string, ExtensionSchemaSpec>>;

/** Labels for FtM's own schemata in one locale (`packages/schema/locales/<locale>.yaml`). */
export interface LocaleCatalog {
  readonly schemata: Readonly<
    Record<
      string,
      {
        readonly label?: string;
        readonly plural?: string;
        readonly description?: string;
        readonly properties?: Readonly<Record<string, string>>;
      }
    >
  >;
}

function missingLocales(text: unknown): string[] {
  if (typeof text !== 'object' || text === null) return [...LOCALES];
  const record = text as Record<string, unknown>;
  return LOCALES.filter((locale) => typeof record[locale] !== 'string' || record[locale] === '');
}

/**
 * Lists what is wrong with the extension specs: labels missing a locale, properties without
 * a label. Used by the generator (which refuses to write) and by the tests.
 *
 * @example checkExtensionSpecs({ Foo: { label: { en: 'Foo' } } }) // ['Foo.label: missing ar, fr', …]
 */
export function checkExtensionSpecs(specs: ExtensionSpecs): string[] {
  const problems: string[] = [];
  const need = (path: string, text: unknown, optional = false): void => {
    if (optional && text === undefined) return;
    const missing = missingLocales(text);
    if (missing.length > 0) problems.push(`${path}: missing ${missing.join(', ')}`);
  };
  for (const [name, spec] of Object.entries(specs)) {
    need(`${name}.label`, spec.label);
    need(`${name}.plural`, spec.plural);
    need(`${name}.description`, spec.description);
    need(`${name}.edge.label`, spec.edge?.label, true);
    for (const [propName, prop] of Object.entries(spec.properties ?? {})) {
      const path = `${name}.properties.${propName}`;
      need(`${path}.label`, prop.label);
      need(`${path}.description`, prop.description, true);
      if (prop.reverse) need(`${path}.reverse.label`, prop.reverse.label);
      for (const [code, label] of Object.entries(prop.values ?? {})) need(`${path}.values.${code}`, label);
    }
  }
  return problems;
}
