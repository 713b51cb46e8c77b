import type { Property, Schema } from '@opensanctions/followthemoney';
import type { Locale } from './locale.ts';
import type { AriadneModel } from './model.ts';

/** A property as the API serves it (`GET /api/schema`, docs/api-contract.md). */
export interface PropertyView {
  readonly name: string;
  readonly label: string;
  readonly description: string | null;
  readonly type: string;
  readonly range?: string;
  readonly reverse?: string;
  /** hidden in forms: FtM's hidden properties and the stub side of a reverse */
  readonly hidden: boolean;
  readonly multiple: true;
  /** an enumeration's codes and their labels in the chosen locale */
  readonly values?: Readonly<Record<string, string>>;
}

export interface EdgeView {
  readonly source: string;
  readonly target: string;
  readonly label: string | null;
  readonly directed: boolean;
  readonly caption: readonly string[];
}

/** A schema as the API serves it, labelled in one locale. */
export interface SchemaView {
  readonly name: string;
  readonly label: string;
  readonly plural: string;
  readonly description: string | null;
  readonly extends: readonly string[];
  readonly abstract: boolean;
  readonly matchable: boolean;
  readonly sealed: boolean;
  readonly caption: readonly string[];
  readonly featured: readonly string[];
  readonly required: readonly string[];
  readonly edge?: EdgeView;
  readonly properties: Readonly<Record<string, PropertyView>>;
}

function propertyView(model: AriadneModel, prop: Property, locale: Locale): PropertyView {
  const texts = model.translations.property(locale, prop.schema.name, prop.name);
  const view: { -readonly [K in keyof PropertyView]: PropertyView[K] } = {
    name: prop.name,
    label: texts.label ?? prop.label,
    description: texts.description ?? prop.description,
    type: prop.type.name,
    hidden: prop.hidden || prop.stub,
    multiple: true,
  };
  if (prop.hasRange) view.range = prop.getRange().name;
  if (prop.hasReverse) view.reverse = prop.getReverse().name;
  const enumeration = model.enumeration(prop);
  if (enumeration) view.values = Object.fromEntries([...enumeration].map(([code, label]) => [code, label[locale]]));
  return view;
}

/**
 * Describes one schema in one locale, with all its properties (inherited ones included).
 *
 * @example schemaView(loadModel(), loadModel().getSchema('Person'), 'ar').label // 'شخص'
 */
export function schemaView(model: AriadneModel, schema: Schema, locale: Locale): SchemaView {
  const texts = model.translations.schema(locale, schema.name);
  const properties: Record<string, PropertyView> = {};
  for (const [name, prop] of model.properties(schema.name)) properties[name] = propertyView(model, prop, locale);
  const view: { -readonly [K in keyof SchemaView]: SchemaView[K] } = {
    name: schema.name,
    label: texts.label ?? schema.label,
    plural: texts.plural ?? schema.plural,
    description: texts.description ?? schema.description,
    extends: [...schema.extends],
    abstract: schema.abstract,
    matchable: schema.matchable,
    sealed: model.isSealed(schema.name),
    caption: [...schema.caption],
    featured: [...schema.featured],
    required: [...schema.required],
    properties,
  };
  if (schema.edge) {
    view.edge = {
      source: schema.edge.source,
      target: schema.edge.target,
      label: texts.edgeLabel ?? schema.edge.label ?? null,
      directed: schema.edge.directed,
      caption: [...schema.edge.caption],
    };
  }
  return view;
}
