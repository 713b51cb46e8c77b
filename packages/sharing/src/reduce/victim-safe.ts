/**
 * What a victim's record (and a record hanging off a victim) may carry when it travels: only
 * properties that cannot identify anyone by construction, whatever the agreement allows. Codes
 * from closed lists (country, gender, language, topic), a property's own closed enumeration
 * (age range, identification status, form of exploitation) and references to other records.
 * Names, identifiers, dates, numbers, free text, addresses, phones, e-mails and URLs never
 * travel; a required name-like property (a Person's name, a profile's pseudonym) carries the
 * record's own pseudonym id instead, so the record stays valid.
 *
 * Sender (reduction) and recipient (conformance) apply the same rule.
 */
import type { AriadneModel } from '@ariadne/schema';

/** an FtM property, as the model hands it out */
export type ModelProperty = NonNullable<ReturnType<AriadneModel['property']>>;

const CODE_TYPES: ReadonlySet<string> = new Set(['country', 'gender', 'language', 'topic']);
/** types a required property may have and still hold a pseudonym id as its value */
const PLACEHOLDER_TYPES: ReadonlySet<string> = new Set(['name', 'string', 'text']);

/**
 * May this property of a victim's record travel at all?
 *
 * @example victimSafeProperty(model, model.property('VictimProfile', 'ageRange')!) // true
 */
export function victimSafeProperty(model: AriadneModel, prop: ModelProperty): boolean {
  if (prop.stub) return false;
  if (prop.type.isEntity || CODE_TYPES.has(prop.type.name)) return true;
  return prop.type.name === 'string' && model.enumeration(prop) !== null;
}

/**
 * The required properties of `schema` that are not victim-safe but can hold a pseudonym id,
 * e.g. Person → ['name'], VictimProfile → ['pseudonym'].
 */
export function placeholderProperties(model: AriadneModel, schema: string): string[] {
  return model.getSchema(schema).required.filter((name) => {
    const prop = model.property(schema, name);
    return prop !== undefined && !victimSafeProperty(model, prop) && PLACEHOLDER_TYPES.has(prop.type.name) && model.enumeration(prop) === null;
  });
}
