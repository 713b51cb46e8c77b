/**
 * Which records are victims' records (issue 8): every entity of a sealed schema (victim
 * profiles, exploitations, referrals: sealed because they are victims' personal data), and
 * every person such a record points at as its victim, plus anyone an entity names as a victim
 * (`Incident.victims`). The pointers are found in the model, not hard-coded: an entity property
 * whose range is Person, named `victim`/`victims` on any schema or `person`/`persons` on a
 * sealed one. A sealed record's other references (its perpetrator, armed group, provider) are
 * not victims.
 *
 * Also: which records hang off a victim (`victimLinkedIds`), such as their passport, address or
 * a payment they made: those travel only as codes and references too (see `victim-safe.ts`).
 */
import type { AriadneModel, EntityData, EntityLike } from '@ariadne/schema';
import { PSEUDONYM_ID_PATTERN } from './pseudonym.ts';

const VICTIM_PROP = /^victims?$/;
const SEALED_PERSON_PROP = /^(?:victim|person)s?$/;

// Every entity asks for its schema's pointers; a schema has ~150 properties to look through.
const pointerCache = new WeakMap<AriadneModel, Map<string, readonly string[]>>();

/**
 * The properties of `schema` that point at a victim.
 *
 * @example victimPointers(loadModel(), 'Exploitation') // ['victim']
 */
export function victimPointers(model: AriadneModel, schema: string): readonly string[] {
  let bySchema = pointerCache.get(model);
  if (!bySchema) pointerCache.set(model, (bySchema = new Map()));
  let out = bySchema.get(schema);
  if (out) return out;
  const sealed = model.isSealed(schema);
  const found: string[] = [];
  for (const [name, prop] of model.properties(schema)) {
    if (!prop.type.isEntity || prop.stub || !prop.hasRange) continue;
    if (!model.isA(prop.getRange().name, 'Person')) continue;
    if (VICTIM_PROP.test(name) || (sealed && SEALED_PERSON_PROP.test(name))) found.push(name);
  }
  bySchema.set(schema, (out = found));
  return out;
}


/**
 * For each victim record, the persons it is about: a victim person is about itself; a sealed
 * record about the persons it points at as victims (none when it names nobody).
 */
export function victimsOfRecords(entities: readonly EntityData[], model: AriadneModel): Map<string, string[]> {
  const about = new Map<string, string[]>();
  const persons = new Set<string>();
  for (const entity of entities) {
    const pointed = victimPointers(model, entity.schema).flatMap((prop) => entity.properties[prop] ?? []);
    for (const id of pointed) persons.add(id);
    if (model.isSealed(entity.schema)) about.set(entity.id, [...new Set(pointed)]);
  }
  for (const id of persons) if (!about.has(id)) about.set(id, [id]);
  return about;
}

/**
 * Ids of victims' records: entities of sealed schemata and the persons pointed at as victims
 * (also when those persons are not among `entities`: a reference to them is a victim reference).
 *
 * @example victimRecordIds(entities, loadModel()).has(profile.properties.person[0]) // true
 */
export function victimRecordIds(entities: readonly EntityData[], model: AriadneModel): Set<string> {
  return new Set(victimsOfRecords(entities, model).keys());
}

function referencedIds(entity: EntityLike, model: AriadneModel): string[] {
  return model.entityRefs(entity).map((ref) => ref.id);
}

/**
 * Ids of records that hang off a victim without being victims' records themselves: entities
 * that reference a victim record (a passport held by a victim, a payment a victim made, a
 * movement they travelled), and entities a victim PERSON references (their address, a document
 * proving their identity). Ids matching `psn-…` count as victims too, so the recipient, who
 * sees only pseudonyms, finds the same records.
 */
export function victimLinkedIds(entities: readonly EntityData[], victims: ReadonlySet<string>, model: AriadneModel): Set<string> {
  const isVictim = (id: string) => victims.has(id) || PSEUDONYM_ID_PATTERN.test(id);
  const linked = new Set<string>();
  for (const entity of entities) {
    if (isVictim(entity.id)) {
      if (model.isA(entity.schema, 'Person')) for (const id of referencedIds(entity, model)) if (!isVictim(id)) linked.add(id);
    } else if (referencedIds(entity, model).some(isVictim)) {
      linked.add(entity.id);
    }
  }
  return linked;
}
