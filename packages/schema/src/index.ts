/**
 * `@ariadne/schema`: Ariadne's domain model. FtM's schemata plus Ariadne's own (victim
 * profiles, exploitation, movements, incidents, case files, referrals), entity validation, and
 * FtM JSON lines in and out. Pure: no file system, no database, no environment.
 *
 * @module
 */

/**
 * The model: schemata, properties, captions, sealing, localized views and entity cleaning.
 *
 * @example
 * const model = loadModel();
 * const { entity, errors } = model.cleanEntity(
 *   { id: 'p1', schema: 'Person', properties: { name: ['Amina'], nationality: ['SD'] } },
 *   { strict: true },
 * ); // entity.properties.nationality → ['sd'], errors → {}
 * model.isSealed('VictimProfile'); // true
 * model.view('ar').Person.label; // 'شخص'
 */
export { AriadneModel, loadModel } from './model.ts';
export type { AriadneModelOptions, EntityLike, EntityRef } from './model.ts';

/**
 * Entity validation as a function (the same as `model.cleanEntity`).
 *
 * @example cleanEntity(loadModel(), JSON.parse(body), { strict: true }).errors
 */
export { cleanEntity } from './clean-entity.ts';
export type { CleanEntityOptions, CleanEntityResult } from './clean-entity.ts';

/**
 * Single values: `cleanValue` cleans one value per FtM type; `cleanDate` one FtM date.
 *
 * @example cleanDate('2016-12-20T10:00:00Z') // '2016-12-20T10:00:00'
 */
export { cleanValue } from './clean-value.ts';
export type { CleanedValue, ValueRule } from './clean-value.ts';
export { cleanDate } from './clean-date.ts';

/**
 * FtM JSON lines: read (never throws on bad data) and write (stable bytes).
 *
 * @example
 * for await (const r of readFtmJsonLines(splitLines(stream), loadModel(), { strict: false })) {
 *   if (r.entity) console.log(writeFtmJson(r.entity));
 * }
 */
export { MAX_LINE_BYTES, readFtmJsonLines, splitLines, writeFtmJson } from './ftm-json-lines.ts';
export type { FtmLineResult, ReadFtmJsonLinesOptions } from './ftm-json-lines.ts';

/**
 * The FtM entity shape and id rule.
 *
 * @example isEntityId('unsc-6908555') // true
 */
export { ENTITY_ID_PATTERN, isEntityId } from './entity-data.ts';
export type { EntityData, EntityProperties } from './entity-data.ts';

/**
 * The API's schema description (`GET /api/schema`).
 *
 * @example const views = loadModel().view('fr'); views.VictimProfile.label // 'Profil de victime'
 */
export type { EdgeView, PropertyView, SchemaView } from './schema-view.ts';

/**
 * Locales and the YAML spec types, for tools that read the schema files.
 *
 * @example isLocale(query.locale) ? query.locale : 'en'
 */
export { LOCALES, isLocale } from './locale.ts';
export type { Locale, LocalizedText } from './locale.ts';
export { checkExtensionSpecs } from './extension-spec.ts';
export type { ExtensionSchemaSpec, ExtensionPropertySpec, ExtensionSpecs, LocaleCatalog } from './extension-spec.ts';
export { mergeExtensions } from './merge-extensions.ts';
export type { MergedModelData } from './merge-extensions.ts';

/**
 * The shared error family.
 *
 * @example if (isAriadneError(e) && e.code === 'UNKNOWN_SCHEMA') …
 */
export { AriadneError, ERROR_CODES, isAriadneError } from './errors.ts';
export type { ErrorCode } from './errors.ts';

/** Generated from the schema YAML: `SchemaName`, `<Name>Properties`, enumeration unions. */
export type * from './generated/schemata.generated.ts';
