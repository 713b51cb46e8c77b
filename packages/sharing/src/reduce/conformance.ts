/**
 * The recipient's check of a package's entities against the agreement (issue 8): the sender
 * promised to reduce to the shared terms; the recipient does not take that on trust and refuses
 * (`exceeds-agreement`) a package with any violation. It applies the sender's rules from the
 * outside: schemata and properties the terms allow, victims' records only under a `psn-`
 * pseudonym and with non-identifying properties only, records hanging off a victim with codes
 * and references only, pseudonymised properties never in clear, no captions (they could carry
 * anything), and no reference to an entity that is not in the package.
 *
 * Reasons name schemata, properties and ids, never values: they are logged and shown.
 */
import { isEntityId, type AriadneModel, type EntityData } from '@ariadne/schema';
import type { AgreementTerms } from '../types.ts';
import { PSEUDONYM_ID_PATTERN, looksPseudonymised } from './pseudonym.ts';
import { placeholderProperties, victimSafeProperty } from './victim-safe.ts';
import { victimLinkedIds, victimRecordIds } from './victims.ts';

export { localIdFor, remapForImport, LOCAL_SHARE_ID_PATTERN } from './remap.ts';

export interface ConformanceViolation {
  readonly id: string;
  readonly reason: string;
}

const METADATA = ['caption', 'referents'] as const;

// Hostile input may be any JSON: only entities of this shape are looked at further.
function wellFormed(entity: EntityData): boolean {
  const properties: unknown = entity.properties;
  return typeof entity.schema === 'string' && typeof properties === 'object' && properties !== null && !Array.isArray(properties)
    && Object.values(properties).every((values) => Array.isArray(values) && values.every((value) => typeof value === 'string'));
}

interface PackageView {
  readonly terms: AgreementTerms;
  readonly model: AriadneModel;
  readonly ids: ReadonlySet<string>;
  readonly victims: ReadonlySet<string>;
  readonly linked: ReadonlySet<string>;
}

function propertyViolations(view: PackageView, entity: EntityData): string[] {
  const { model, terms } = view;
  const reasons: string[] = [];
  const allowed = new Set(terms.allowed[entity.schema] ?? []);
  const pseudonymised = new Set(terms.pseudonymise[entity.schema] ?? []);
  const isVictim = view.victims.has(entity.id);
  const placeholders = isVictim ? new Set(placeholderProperties(model, entity.schema)) : new Set<string>();
  for (const [name, values] of Object.entries(entity.properties)) {
    const prop = model.property(entity.schema, name);
    if (!prop || prop.stub || !allowed.has(name)) {
      reasons.push(`property ${entity.schema}.${name} is not allowed`);
      continue;
    }
    const placeholder = placeholders.has(name) && values.length === 1 && values[0] === entity.id;
    if ((isVictim || view.linked.has(entity.id)) && !victimSafeProperty(model, prop) && !placeholder) {
      reasons.push(`${isVictim ? "a victim's record" : 'a record linked to a victim'} carries the identifying property ${name}`);
      continue;
    }
    if (pseudonymised.has(name) && !values.every((value) => looksPseudonymised(value, prop.type.name, prop.format))) {
      reasons.push(`${entity.schema}.${name} travels in clear; the agreement pseudonymises it`);
    }
    if (prop.type.isEntity && values.some((id) => !view.ids.has(id))) reasons.push(`${name} refers to an entity absent from the package`);
  }
  return reasons;
}

function entityViolations(view: PackageView, entity: EntityData): string[] {
  const { model, terms } = view;
  if (!isEntityId(entity.id)) return ['not a valid entity id'];
  if (!wellFormed(entity)) return ['not a well-formed entity'];
  if (!model.hasSchema(entity.schema)) return [`unknown schema ${entity.schema}`];
  if (!Object.hasOwn(terms.allowed, entity.schema)) return [`schema ${entity.schema} is not allowed`];
  const reasons: string[] = [];
  const isVictim = view.victims.has(entity.id);
  if (isVictim && terms.victims === 'exclude') reasons.push("victims' records are excluded by the agreement");
  if (isVictim && !PSEUDONYM_ID_PATTERN.test(entity.id)) reasons.push("a victim's record not under a psn- pseudonym");
  for (const key of METADATA) if (entity[key] !== undefined) reasons.push(`carries ${key}; shared records carry properties only`);
  reasons.push(...propertyViolations(view, entity));
  const { errors } = model.cleanEntity(entity, { strict: true });
  const bad = Object.keys(errors);
  if (bad.length > 0) reasons.push(`invalid values in ${bad.join(', ')}`);
  return reasons;
}

/**
 * Every way a received package's entities exceed the agreement; empty when they conform.
 *
 * @example if (checkConformance(entities, agreement.terms, loadModel()).length > 0) refuse('exceeds-agreement');
 */
export function checkConformance(entities: readonly EntityData[], terms: AgreementTerms, model: AriadneModel): ConformanceViolation[] {
  const ids = new Set<string>();
  const violations: ConformanceViolation[] = [];
  for (const entity of entities) {
    if (ids.has(entity.id)) violations.push({ id: entity.id, reason: 'the id appears twice' });
    ids.add(entity.id);
  }
  const known = entities.filter((entity) => wellFormed(entity) && model.hasSchema(entity.schema));
  const victims = victimRecordIds(known, model);
  for (const entity of known) if (PSEUDONYM_ID_PATTERN.test(entity.id)) victims.add(entity.id);
  const view: PackageView = { terms, model, ids, victims, linked: victimLinkedIds(known, victims, model) };
  for (const entity of entities) for (const reason of entityViolations(view, entity)) violations.push({ id: entity.id, reason });
  return violations;
}
