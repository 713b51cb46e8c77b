import { Model, defaultModel, type IModelDatum, type Property, type Schema } from '@opensanctions/followthemoney';
import { cleanEntity, type CleanEntityOptions, type CleanEntityResult } from './clean-entity.ts';
import type { ValueRule } from './clean-value.ts';
import type { EntityProperties } from './entity-data.ts';
import { AriadneError } from './errors.ts';
import type { ExtensionSpecs, LocaleCatalog } from './extension-spec.ts';
import { EXTENSION_SCHEMATA, LOCALE_CATALOGS } from './generated/model-data.generated.ts';
import type { Locale, LocalizedText } from './locale.ts';
import { mergeExtensions } from './merge-extensions.ts';
import { schemaView, type SchemaView } from './schema-view.ts';
import { buildTranslations, type Translations } from './translations.ts';

/** What the entity helpers read: a schema name and multi-valued properties. */
export interface EntityLike {
  readonly schema: string;
  readonly properties: EntityProperties;
}

export interface EntityRef {
  readonly prop: string;
  readonly id: string;
}

export interface AriadneModelOptions {
  /** FtM model data; defaults to the one shipped with `@opensanctions/followthemoney` */
  readonly base?: IModelDatum;
  /** Ariadne's schemata; defaults to the ones generated from `schemata/*.yaml` */
  readonly extensions?: ExtensionSpecs;
  /** labels for FtM's schemata; defaults to the ones generated from `locales/*.yaml` */
  readonly catalogs?: Partial<Record<Locale, LocaleCatalog>>;
}

// Property types whose values are words a person might search for.
const TEXT_TYPES = new Set(['name', 'string', 'text', 'address', 'identifier', 'email', 'phone']);

/** FtM's model plus Ariadne's schemata, sealing, enumerations and translations. */
export class AriadneModel {
  /** FtM's own `Model`, serving the merged data */
  readonly ftm: Model;
  readonly translations: Translations;
  private readonly sealed: ReadonlySet<string>;
  private readonly enumerations: ReadonlyMap<string, ReadonlyMap<string, LocalizedText>>;
  private readonly propertyCache = new Map<string, ReadonlyMap<string, Property>>();
  private readonly ruleCache = new Map<string, ValueRule>();
  private readonly viewCache = new Map<Locale, Readonly<Record<string, SchemaView>>>();
  private readonly typeValueCache = new Map<string, Readonly<Record<string, string>>>();

  constructor(options: AriadneModelOptions = {}) {
    const extensions = options.extensions ?? EXTENSION_SCHEMATA;
    const merged = mergeExtensions(options.base ?? defaultModel, extensions);
    this.ftm = new Model(merged.datum);
    this.sealed = merged.sealed;
    this.enumerations = merged.enumerations;
    this.translations = buildTranslations(options.catalogs ?? LOCALE_CATALOGS, extensions);
  }

  hasSchema(name: string): boolean {
    return Object.hasOwn(this.ftm.schemata, name) && this.ftm.schemata[name] !== undefined;
  }

  /** @throws AriadneError UNKNOWN_SCHEMA */
  getSchema(name: string): Schema {
    if (!this.hasSchema(name)) throw new AriadneError('UNKNOWN_SCHEMA', `No schema named ${JSON.stringify(name)}.`);
    return this.ftm.schemata[name] as Schema;
  }

  schemata(): Schema[] {
    return this.ftm.getSchemata();
  }

  /** Is `schema` the same as or a descendant of `parent`? @throws AriadneError UNKNOWN_SCHEMA */
  isA(schema: string, parent: string): boolean {
    return this.getSchema(schema).schemata.includes(this.getSchema(parent).name);
  }

  /** Sealed schemata hold victim personal data; descendants of a sealed schema are sealed too. */
  isSealed(schema: string): boolean {
    return this.getSchema(schema).schemata.some((name) => this.sealed.has(name));
  }

  /** All properties of a schema, inherited ones included. @throws AriadneError UNKNOWN_SCHEMA */
  properties(schema: string): ReadonlyMap<string, Property> {
    let found = this.propertyCache.get(schema);
    if (!found) this.propertyCache.set(schema, (found = this.getSchema(schema).getProperties()));
    return found;
  }

  property(schema: string, name: string): Property | undefined {
    return this.properties(schema).get(name);
  }

  enumeration(prop: Property): ReadonlyMap<string, LocalizedText> | null {
    return this.enumerations.get(prop.qname) ?? null;
  }

  valueRule(prop: Property): ValueRule {
    let rule = this.ruleCache.get(prop.qname);
    if (!rule) {
      const values = prop.type.values;
      rule = {
        type: prop.type.name,
        maxLength: prop.maxLength || prop.type.maxLength,
        format: prop.format,
        typeValues: values.size > 0 ? values : null,
        enumeration: this.enumeration(prop),
      };
      this.ruleCache.set(prop.qname, rule);
    }
    return rule;
  }

  private valuesOfType(entity: EntityLike, accept: (prop: Property) => boolean): { prop: Property; value: string }[] {
    const out: { prop: Property; value: string }[] = [];
    for (const [name, values] of Object.entries(entity.properties)) {
      const prop = this.property(entity.schema, name);
      if (prop && accept(prop)) for (const value of values) out.push({ prop, value });
    }
    return out;
  }

  /** The display name: the first value of the schema's caption properties, else the schema label. */
  caption(entity: EntityLike): string {
    const schema = this.getSchema(entity.schema);
    for (const name of schema.caption) {
      const value = entity.properties[name]?.find((item) => item.trim() !== '');
      if (value !== undefined) return value;
    }
    return schema.label;
  }

  /** Values of name-typed properties (name, alias, weakAlias, previousName, …). */
  names(entity: EntityLike): string[] {
    return [...new Set(this.valuesOfType(entity, (prop) => prop.type.name === 'name').map((item) => item.value))];
  }

  /** Values worth full-text indexing: names, strings, texts, addresses, identifiers, emails, phones. */
  textValues(entity: EntityLike): string[] {
    return [...new Set(this.valuesOfType(entity, (prop) => TEXT_TYPES.has(prop.type.name)).map((item) => item.value))];
  }

  /** References to other entities, one per value of each entity-typed property. */
  entityRefs(entity: EntityLike): EntityRef[] {
    return this.valuesOfType(entity, (prop) => prop.type.isEntity).map(({ prop, value }) => ({ prop: prop.name, id: value }));
  }

  /** Every schema as the API serves it, labelled in `locale` (English falls back to FtM). */
  view(locale: Locale): Readonly<Record<string, SchemaView>> {
    let views = this.viewCache.get(locale);
    if (!views) {
      const built: Record<string, SchemaView> = {};
      for (const schema of this.schemata()) built[schema.name] = schemaView(this, schema, locale);
      this.viewCache.set(locale, (views = built));
    }
    return views;
  }

  /**
   * The allowed values of a code-list type (`country`, `language`, `gender`, `topic`) with labels
   * in `locale`: country and language names come from the runtime's CLDR data (Intl.DisplayNames),
   * anything it does not know (FtM's extra codes such as `zz`) keeps FtM's English label.
   *
   * @example model.typeValues('country', 'fr').iq // 'Irak'
   */
  typeValues(type: string, locale: Locale): Readonly<Record<string, string>> {
    const key = `${type}:${locale}`;
    let values = this.typeValueCache.get(key);
    if (!values) {
      const ftmValues = (this.ftm.types[type] as unknown as { values?: Map<string, string> } | undefined)?.values;
      const kind = type === 'country' ? 'region' : type === 'language' ? 'language' : null;
      const names = kind ? new Intl.DisplayNames([locale], { type: kind, fallback: 'none' }) : null;
      const built: Record<string, string> = {};
      for (const [code, label] of ftmValues ?? []) {
        let local: string | undefined;
        try {
          local = names?.of(kind === 'region' ? code.toUpperCase() : code);
        } catch {
          local = undefined; // not a code CLDR knows (e.g. FtM's `suhh`): keep FtM's label
        }
        built[code] = local ?? label;
      }
      this.typeValueCache.set(key, (values = built));
    }
    return values;
  }

  /** Validates and cleans untrusted FtM JSON; returns errors, never throws on bad data. */
  cleanEntity(raw: unknown, options: CleanEntityOptions): CleanEntityResult {
    return cleanEntity(this, raw, options);
  }
}

let cached: AriadneModel | undefined;

/**
 * The default model (FtM + Ariadne's schemata), built once and shared.
 *
 * @example loadModel().getSchema('VictimProfile').label // 'Victim profile'
 */
export function loadModel(): AriadneModel {
  cached ??= new AriadneModel();
  return cached;
}
