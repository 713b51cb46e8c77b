import type { IModelDatum, IPropertyDatum, ISchemaDatum } from '@opensanctions/followthemoney';
import { AriadneError } from './errors.ts';
import type { ExtensionPropertySpec, ExtensionSchemaSpec, ExtensionSpecs } from './extension-spec.ts';
import type { LocalizedText } from './locale.ts';

/** FtM's model data with Ariadne's schemata merged in, plus what FtM itself has no field for. */
export interface MergedModelData {
  readonly datum: IModelDatum;
  /** schemata declared `sealed: true` (descendants inherit it, see `AriadneModel.isSealed`) */
  readonly sealed: ReadonlySet<string>;
  /** enumerations by property qname (`Schema:prop`) → code → label */
  readonly enumerations: ReadonlyMap<string, ReadonlyMap<string, LocalizedText>>;
}

function fail(message: string): never {
  throw new AriadneError('INTERNAL', `Bad schema definition: ${message}`);
}

function inheritedNames(schemata: Record<string, ISchemaDatum>, name: string): Set<string> {
  const schema = schemata[name];
  if (!schema) return new Set();
  const names = new Set(Object.keys(schema.properties));
  for (const parent of schema.extends) for (const prop of inheritedNames(schemata, parent)) names.add(prop);
  return names;
}

function propertyDatum(
  datum: IModelDatum,
  at: { schema: string; name: string },
  spec: ExtensionPropertySpec,
): IPropertyDatum {
  const typeName = spec.type ?? (spec.range ? 'entity' : 'string');
  const type = datum.types[typeName] ?? fail(`${at.schema}.${at.name}: unknown type ${typeName}`);
  if ((typeName === 'entity') !== (spec.range !== undefined)) fail(`${at.schema}.${at.name}: range goes with type entity`);
  const prop: IPropertyDatum = {
    name: at.name,
    qname: `${at.schema}:${at.name}`,
    label: spec.label.en,
    type: typeName,
    maxLength: spec.maxLength ?? type.maxLength ?? 1024,
    matchable: type.matchable ?? false,
  };
  if (spec.description) prop.description = spec.description.en;
  if (spec.hidden) prop.hidden = true;
  if (spec.range) prop.range = spec.range;
  if (spec.reverse) prop.reverse = spec.reverse.name;
  return prop;
}

function schemaDatum(name: string, spec: ExtensionSchemaSpec, parents: readonly string[]): ISchemaDatum {
  const schema: ISchemaDatum = {
    label: spec.label.en,
    plural: spec.plural.en,
    schemata: [...parents, name],
    extends: [...(spec.extends ?? [])],
    abstract: spec.abstract ?? false,
    matchable: spec.matchable ?? false,
    caption: [...(spec.caption ?? [])],
    featured: [...(spec.featured ?? [])],
    required: [...(spec.required ?? [])],
    properties: {},
  };
  if (spec.description) schema.description = spec.description.en;
  if (spec.temporalExtent) schema.temporalExtent = { start: [...spec.temporalExtent.start], end: [...spec.temporalExtent.end] };
  if (spec.edge) {
    schema.edge = {
      source: spec.edge.source,
      target: spec.edge.target,
      directed: spec.edge.directed,
      caption: [...(spec.edge.caption ?? [])],
    };
    if (spec.edge.label) schema.edge.label = spec.edge.label.en;
  }
  return schema;
}

/** Adds the stub property FtM keeps on the range schema for every reverse. */
function addReverse(schemata: Record<string, ISchemaDatum>, owner: string, prop: IPropertyDatum, label: string): void {
  const range = prop.range as string;
  const target = schemata[range] ?? fail(`${prop.qname}: unknown range ${range}`);
  const reverse = prop.reverse as string;
  if (inheritedNames(schemata, range).has(reverse)) fail(`${prop.qname}: ${range} already has ${reverse}`);
  const stub: IPropertyDatum = {
    name: reverse,
    qname: `${range}:${reverse}`,
    label,
    type: 'entity',
    range: owner,
    reverse: prop.name,
    stub: true,
    maxLength: 200,
    matchable: true,
  };
  schemata[range] = { ...target, properties: { ...target.properties, [reverse]: stub } };
}

/**
 * Merges Ariadne's extension schemata into FtM's model data, the way FtM's own loader does:
 * each schema lists all its ancestors in `schemata`, and every entity property with a reverse
 * gets a stub property on its range schema. The result is plain data that FtM's `Model` serves.
 *
 * @example const { datum } = mergeExtensions(defaultModel, EXTENSION_SCHEMATA); new Model(datum);
 */
export function mergeExtensions(base: IModelDatum, specs: ExtensionSpecs): MergedModelData {
  const schemata: Record<string, ISchemaDatum> = { ...base.schemata };
  const datum: IModelDatum = { types: base.types, schemata };
  const sealed = new Set<string>();
  const enumerations = new Map<string, ReadonlyMap<string, LocalizedText>>();
  const done = new Set<string>();
  const reverses: { owner: string; prop: IPropertyDatum; label: string }[] = [];

  const add = (name: string, trail: readonly string[]): void => {
    if (done.has(name)) return;
    if (base.schemata[name]) fail(`${name} is already an FtM schema`);
    if (trail.includes(name)) fail(`${name} extends itself`);
    const spec = specs[name] ?? fail(`unknown schema ${name}`);
    const parents = new Set<string>();
    for (const parent of spec.extends ?? []) {
      if (!schemata[parent]) add(parent, [...trail, name]);
      for (const ancestor of schemata[parent]?.schemata ?? []) parents.add(ancestor);
    }
    const schema = schemaDatum(name, spec, [...parents]);
    for (const [propName, propSpec] of Object.entries(spec.properties ?? {})) {
      const prop = propertyDatum(datum, { schema: name, name: propName }, propSpec);
      schema.properties[propName] = prop;
      if (propSpec.values) enumerations.set(prop.qname, new Map(Object.entries(propSpec.values)));
      if (propSpec.reverse) reverses.push({ owner: name, prop, label: propSpec.reverse.label.en });
    }
    schemata[name] = schema;
    if (spec.sealed) sealed.add(name);
    done.add(name);
  };

  for (const name of Object.keys(specs)) add(name, []);
  for (const { owner, prop, label } of reverses) addReverse(schemata, owner, prop, label);
  for (const name of Object.keys(specs)) {
    const known = inheritedNames(schemata, name);
    const schema = schemata[name] as ISchemaDatum;
    const named = [...(schema.caption ?? []), ...(schema.featured ?? []), ...(schema.required ?? [])];
    if (schema.edge) named.push(schema.edge.source, schema.edge.target, ...schema.edge.caption);
    for (const prop of named) if (!known.has(prop)) fail(`${name} names unknown property ${prop}`);
  }
  return { datum, sealed, enumerations };
}
