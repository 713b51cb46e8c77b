/**
 * Reduces entities to what an agreement lets leave (issue 8). Pure: the caller selects the
 * entities, looks up consents and derives the partner's pseudonym key; this decides, record by
 * record and value by value, what travels.
 *
 * - A schema the terms do not list stays home; of the others only allowed properties travel,
 *   `pseudonymise` properties as keyed pseudonyms.
 * - Victims' records (`victims.ts`) stay home under `victims: 'exclude'`. Under `pseudonymise`
 *   they travel only with the survivor's consent to the purpose (`consent.ts`), under a `psn-`
 *   id, with only codes, closed lists and references (`victim-safe.ts`); records hanging off a
 *   victim (their passport, address, payments) keep their ids but carry codes and references
 *   only too. Without consent, `missingConsent: 'refuse'` refuses the whole reduction (nothing
 *   may be sent; `entities` is empty) and `'omit'` leaves those records out and counts them.
 * - Every reference to a victim's record becomes its pseudonym; references to anything that
 *   does not travel are dropped; a record that loses a required property (a payment whose payer
 *   stayed home) stays home too, and references to it are dropped in turn.
 * - Any value mentioning a victim's name, identifier or id is dropped (`scrub.ts`).
 * - Captions, referents and other metadata never travel: a caption may hold any property's value.
 *
 * The counts hold no personal data; they go into the package manifest for both sides' records.
 */
import { AriadneError, type AriadneModel, type EntityData } from '@ariadne/schema';
import { CONSENT_FOR, type AgreementTerms } from '../types.ts';
import { consentedRecords, type ConsentLookup } from './consent.ts';
import { pseudonymId, pseudonymValue, typedPseudonym, type PseudonymKey } from './pseudonym.ts';
import { victimMentions, type VictimMention } from './scrub.ts';
import { placeholderProperties, victimSafeProperty } from './victim-safe.ts';
import { victimLinkedIds, victimsOfRecords } from './victims.ts';

export interface ReduceInput {
  readonly entities: readonly EntityData[];
  readonly terms: AgreementTerms;
  readonly model: AriadneModel;
  /** the latest consent decisions recorded for an entity id (its Person or its victim records) */
  readonly consents: ConsentLookup;
  /** `partnerPseudonymKey(identity.pseudonymSecret, partner.id)` */
  readonly pseudonymKey: PseudonymKey;
  /** a victim record without consent: refuse the whole share, or leave the record out */
  readonly missingConsent: 'refuse' | 'omit';
}

/** what the reduction did; numbers only, safe for manifests and logs */
export type ReductionCounts = {
  /** entities in the output */
  entities: number;
  /** victims' records that travel under a pseudonym */
  victimsPseudonymised: number;
  /** victims' records left out for lack of consent (`missingConsent: 'omit'`) */
  victimsOmittedNoConsent: number;
  /** victims' records kept home by `victims: 'exclude'` */
  victimsExcluded: number;
  /** entities of a schema the terms do not list */
  schemataDropped: number;
  /** properties (per entity) not allowed, or identifying on a victim's record */
  propertiesDropped: number;
  valuesPseudonymised: number;
  /** reference values to entities that do not travel */
  referencesDropped: number;
  /** values dropped because they mention a victim */
  valuesScrubbed: number;
  /** entities left home because a required property did not survive the reduction */
  incompleteDropped: number;
};

export interface RefusedRecord {
  readonly id: string;
  readonly reason: string;
}

export interface Reduction {
  readonly entities: EntityData[];
  readonly counts: ReductionCounts;
  /** victims' records without consent (`missingConsent: 'refuse'`); when not empty, send nothing */
  readonly refused: RefusedRecord[];
}

const emptyCounts = (): ReductionCounts => ({
  entities: 0, victimsPseudonymised: 0, victimsOmittedNoConsent: 0, victimsExcluded: 0, schemataDropped: 0,
  propertiesDropped: 0, valuesPseudonymised: 0, referencesDropped: 0, valuesScrubbed: 0, incompleteDropped: 0,
});

interface Context {
  readonly input: ReduceInput;
  readonly counts: ReductionCounts;
  readonly victims: ReadonlySet<string>;
  /** records hanging off a victim: codes and references only */
  readonly linked: ReadonlySet<string>;
  /** original id → id in the output, for every entity that travels */
  readonly outId: ReadonlyMap<string, string>;
  readonly mentions: VictimMention;
}

/** which entities travel, and under which id */
function selectTravelling(input: ReduceInput, victimsAbout: ReadonlyMap<string, readonly string[]>, counts: ReductionCounts, refused: RefusedRecord[]): Map<string, string> {
  const { terms } = input;
  const needed = CONSENT_FOR[terms.purpose];
  const consented = terms.victims === 'pseudonymise' ? consentedRecords(victimsAbout, input.consents, needed) : new Set<string>();
  const outId = new Map<string, string>();
  const seen = new Set<string>();
  for (const entity of input.entities) {
    if (seen.has(entity.id)) throw new AriadneError('VALIDATION_FAILED', 'An entity appears twice in the selection.', { details: { id: 'duplicate' } });
    seen.add(entity.id);
    const isVictim = victimsAbout.has(entity.id);
    if (isVictim && terms.victims === 'exclude') counts.victimsExcluded += 1;
    else if (!Object.hasOwn(terms.allowed, entity.schema)) counts.schemataDropped += 1;
    else if (isVictim && !consented.has(entity.id)) {
      if (input.missingConsent === 'refuse') refused.push({ id: entity.id, reason: `no consent for ${needed}` });
      else counts.victimsOmittedNoConsent += 1;
    } else outId.set(entity.id, isVictim ? pseudonymId(input.pseudonymKey, entity.id) : entity.id);
  }
  return outId;
}

function reduceValues(ctx: Context, entity: EntityData, name: string, values: readonly string[]): string[] {
  const { model, terms, pseudonymKey } = ctx.input;
  const prop = model.property(entity.schema, name);
  if (!prop) return [];
  const out: string[] = [];
  for (const value of values) {
    if (prop.type.isEntity) {
      const target = ctx.outId.get(value);
      if (target === undefined) ctx.counts.referencesDropped += 1;
      else out.push(target);
    } else if (terms.pseudonymise[entity.schema]?.includes(name)) {
      out.push(typedPseudonym(pseudonymValue(pseudonymKey, prop.qname, value), prop.type.name, prop.format));
      ctx.counts.valuesPseudonymised += 1;
    } else if (!victimSafeProperty(model, prop) && ctx.mentions(value, prop.type.name)) {
      ctx.counts.valuesScrubbed += 1;
    } else out.push(value);
  }
  return [...new Set(out)];
}

function reduceEntity(ctx: Context, entity: EntityData): EntityData {
  const { model, terms } = ctx.input;
  const allowed = new Set(terms.allowed[entity.schema] ?? []);
  const restricted = ctx.victims.has(entity.id) || ctx.linked.has(entity.id);
  const id = ctx.outId.get(entity.id) as string;
  const properties: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(entity.properties)) {
    const prop = model.property(entity.schema, name);
    if (!prop || prop.stub || !allowed.has(name) || (restricted && !victimSafeProperty(model, prop))) {
      ctx.counts.propertiesDropped += 1;
      continue;
    }
    const kept = reduceValues(ctx, entity, name, values);
    if (kept.length > 0) properties[name] = kept;
  }
  // A victim Person still needs a name, a profile its pseudonym: the record's own pseudonym id.
  if (ctx.victims.has(entity.id)) {
    for (const name of placeholderProperties(model, entity.schema)) if (allowed.has(name) && properties[name] === undefined) properties[name] = [id];
  }
  return { id, schema: entity.schema, properties };
}

/** drops entities missing a required property, then references to them, until nothing changes */
function dropIncomplete(model: AriadneModel, reduced: EntityData[], counts: ReductionCounts): EntityData[] {
  let current = reduced;
  for (;;) {
    const complete = current.filter((entity) => model.getSchema(entity.schema).required.every((name) => (entity.properties[name]?.length ?? 0) > 0));
    if (complete.length === current.length) return current;
    counts.incompleteDropped += current.length - complete.length;
    const present = new Set(complete.map((entity) => entity.id));
    current = complete.map((entity) => {
      const properties: Record<string, string[]> = {};
      for (const [name, values] of Object.entries(entity.properties)) {
        const isRef = model.property(entity.schema, name)?.type.isEntity === true;
        const kept = isRef ? values.filter((id) => present.has(id)) : [...values];
        counts.referencesDropped += values.length - kept.length;
        if (kept.length > 0) properties[name] = kept;
      }
      return { ...entity, properties };
    });
  }
}

/**
 * Reduces `entities` to the agreement's terms.
 *
 * @example
 * const { entities, counts, refused } = reduceToAgreement({
 *   entities: selected, terms: agreement.terms, model: loadModel(), missingConsent: 'refuse',
 *   consents: (id) => consentMap.get(id), pseudonymKey: partnerPseudonymKey(identity.pseudonymSecret, partner.id),
 * });
 * if (refused.length > 0) throw …; // nothing leaves
 * @throws AriadneError VALIDATION_FAILED when an entity id appears twice; UNKNOWN_SCHEMA for a schema the model lacks
 */
export function reduceToAgreement(input: ReduceInput): Reduction {
  const { entities, model } = input;
  const counts = emptyCounts();
  const refused: RefusedRecord[] = [];
  const about = victimsOfRecords(entities, model);
  const victims = new Set(about.keys());
  const linked = victimLinkedIds(entities, victims, model);
  const outId = selectTravelling(input, about, counts, refused);
  const mentions = victimMentions(entities, victims, linked, model);
  const ctx: Context = { input, counts, victims, linked, outId, mentions };
  const reduced = dropIncomplete(model, entities.filter((entity) => outId.has(entity.id)).map((entity) => reduceEntity(ctx, entity)), counts);
  const output = refused.length > 0 ? [] : reduced;
  const victimIds = new Set([...victims].flatMap((id) => outId.get(id) ?? []));
  counts.victimsPseudonymised = output.filter((entity) => victimIds.has(entity.id)).length;
  counts.entities = output.length;
  return { entities: output, counts, refused };
}
