/**
 * Groups a list's entities into designations: each listed subject (person, organisation, vessel,
 * aircraft) with the entities that belong to it (its Sanction, Identifications, Addresses,
 * Ownerships…), keyed by the list's own reference for the subject. This is the unit a list
 * version's delta compares (added, removed, changed designations).
 *
 * An entity belongs to a subject when one of its values is the subject's id (Sanction.entity,
 * Identification.holder, Ownership.owner) or when the subject names it (Person.addressEntity →
 * Address). Entity-typed properties are recognised by their values being ids of the list's own
 * entities, so the grouping needs no model. An entity linked to no subject is dropped and counted.
 */
import type { EntityData } from '@ariadne/schema';
import { defaultEntryOf } from './screen.ts';

export interface Designation {
  /** the list's reference (UN `QDi.001`, OFAC ent_num…) as resolved by `entryOf` */
  readonly entry: string;
  readonly subjectId: string;
  /** the subject first, then the entities belonging to it, in input order */
  readonly entities: EntityData[];
}

export interface Designations {
  readonly entries: Designation[];
  /** entities linked to no subject */
  readonly dropped: number;
}

export const DESIGNATED_SCHEMATA: ReadonlySet<string> = new Set(['Person', 'Organization', 'Company', 'LegalEntity', 'Vessel', 'Airplane']);

const valuesOf = (entity: EntityData) => Object.values(entity.properties).flat();

/** @example groupDesignations(entities).entries.map((d) => d.entry) // ['QDi.001', …] */
export function groupDesignations(items: Iterable<EntityData>, entryOf: (subject: EntityData, sanction: EntityData | undefined) => string = defaultEntryOf): Designations {
  const all = [...items];
  const subjects = new Map<string, { subject: EntityData; linked: EntityData[]; sanction: EntityData | undefined }>();
  for (const e of all) if (DESIGNATED_SCHEMATA.has(e.schema) && !subjects.has(e.id)) subjects.set(e.id, { subject: e, linked: [], sanction: undefined });
  const others = new Map<string, EntityData>();
  for (const e of all) if (!subjects.has(e.id)) others.set(e.id, e);
  const placed = new Set<string>();
  const attach = (subjectId: string, entity: EntityData) => {
    const group = subjects.get(subjectId);
    if (!group || group.linked.includes(entity)) return;
    group.linked.push(entity);
    placed.add(entity.id);
    if (entity.schema === 'Sanction' && entity.properties.entity?.includes(subjectId)) group.sanction ??= entity;
  };
  // entities pointing at a subject (a link between two subjects belongs to both)
  for (const e of others.values()) for (const value of valuesOf(e)) if (value !== e.id && subjects.has(value)) attach(value, e);
  // entities a subject points at (its Address, say)
  for (const { subject } of subjects.values()) {
    for (const value of valuesOf(subject)) {
      const target = others.get(value);
      if (target) attach(subject.id, target);
    }
  }
  const position = new Map(all.map((e, i) => [e, i]));
  const inputOrder = (a: EntityData, b: EntityData) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  const entries = [...subjects.values()].map(({ subject, linked, sanction }) => ({ entry: entryOf(subject, sanction), subjectId: subject.id, entities: [subject, ...linked.sort(inputOrder)] }));
  return { entries, dropped: [...others.keys()].filter((id) => !placed.has(id)).length };
}
