/** Creating, updating and deleting single entities: statements first, merged view second, journal always. */
import { AriadneError } from '@ariadne/schema';
import type { Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { Actor, EntityRecord, Properties, Provenance } from './types.ts';
import { entityRow, propertiesFromStatements, sortedProperties, statementId, toEntityRecord } from './entity-rows.ts';
import { appendJournalEntries } from './journal-store.ts';
import { contentHash } from './journal-hash.ts';
import type { NewEntity } from './store.ts';
import type { StoreModel } from './store-model.ts';

export function validateOrThrow(model: StoreModel, entity: { id: string; schema: string; properties: Properties }) {
  const { entity: clean, errors } = model.validate(entity);
  if (!clean || Object.keys(errors).length > 0) {
    throw new AriadneError('VALIDATION_FAILED', 'The entity does not satisfy its schema.', { details: errors });
  }
  return clean;
}

interface StatementInput {
  readonly caseId: string | null;
  readonly entityId: string;
  readonly schema: string;
  readonly properties: Properties;
  readonly provenance: Provenance;
  readonly userId: string | null;
  readonly at: Date;
}

/** inserts statements; a statement said again is seen again (and revived if it was retracted) */
export async function insertStatements(ctx: StoreContext, tx: Transaction<Database>, input: StatementInput): Promise<void> {
  const rows = Object.entries(input.properties).flatMap(([prop, values]) =>
    values.map((value) => ({
      id: statementId(input.caseId, input.provenance.source, input.entityId, prop, value),
      entity_id: input.entityId,
      case_id: input.caseId,
      schema: input.schema,
      prop,
      value,
      is_ref: ctx.model.isReference(input.schema, prop),
      source: input.provenance.source,
      import_id: input.provenance.importId ?? null,
      user_id: input.userId,
      evidence_id: input.provenance.evidenceId ?? null,
      first_seen: input.at,
      last_seen: input.at,
    })),
  );
  if (rows.length === 0) return;
  await tx.insertInto('statements').values(rows)
    .onConflict((oc) => oc.columns(['entity_id', 'id']).doUpdateSet((eb) => ({
      last_seen: eb.ref('excluded.last_seen'), retracted_at: null, retracted_by: null,
    })))
    .execute();
}

export function userIdOf(actor: Actor): string | null {
  return actor.kind === 'system' ? null : actor.id;
}

export async function createEntity(ctx: StoreContext, actor: Actor, input: NewEntity, provenance: Provenance): Promise<EntityRecord> {
  const id = input.id ?? ctx.newId();
  const clean = validateOrThrow(ctx.model, { id, schema: input.schema, properties: input.properties });
  const at = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('entities').select('id').where('id', '=', id).executeTakeFirst();
    if (existing) throw new AriadneError('CONFLICT', `An entity with id "${id}" already exists.`, { details: { id: 'duplicate id' } });
    await insertStatements(ctx, tx, { caseId: input.caseId, entityId: id, schema: clean.schema, properties: clean.properties, provenance, userId: userIdOf(actor), at });
    const row = entityRow(ctx.model, input.caseId, clean);
    const inserted = await tx.insertInto('entities').values({ ...row, first_seen: at, last_seen: at }).returningAll().executeTakeFirstOrThrow();
    await appendJournalEntries(tx, actor, at, [{
      action: 'entity.create', caseId: input.caseId, entityId: id,
      contentHash: contentHash({ id, schema: clean.schema, properties: sortedProperties(clean.properties) }),
    }]);
    return toEntityRecord(inserted);
  });
}

/** ids whose statements make up the entity: itself and every entity merged into it */
export async function entityGroup(tx: Transaction<Database> | StoreContext['db'], id: string): Promise<string[]> {
  const members = await tx.selectFrom('entity_merges').select('member_id').where('canonical_id', '=', id).execute();
  return [id, ...members.map((m) => m.member_id)];
}

/** rebuilds the merged view of an entity from its live statements and those of its merge members */
export async function refreshEntity(ctx: StoreContext, tx: Transaction<Database>, id: string, at: Date): Promise<EntityRecord> {
  const current = await tx.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const group = await entityGroup(tx, id);
  const statements = await tx.selectFrom('statements').select(['prop', 'value'])
    .where('entity_id', 'in', group).where('retracted_at', 'is', null)
    .orderBy('first_seen').orderBy('id').execute();
  const properties = propertiesFromStatements(statements);
  const row = entityRow(ctx.model, current.case_id, { id, schema: current.schema, properties });
  const updated = await tx.updateTable('entities')
    .set({ caption: row.caption, properties: row.properties, names: row.names, search_text: row.search_text, sealed: row.sealed, last_seen: at })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toEntityRecord(updated);
}

export async function loadLiveEntity(tx: Transaction<Database>, id: string) {
  const row = await tx.selectFrom('entities').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row || row.deleted_at !== null || row.merged_into !== null) {
    throw new AriadneError('NOT_FOUND', `No entity "${id}".`);
  }
  return row;
}

export async function updateEntity(ctx: StoreContext, actor: Actor, id: string, patch: Properties, provenance: Provenance): Promise<EntityRecord> {
  const at = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadLiveEntity(tx, id);
    const current = toEntityRecord(row);
    const next = { ...current.properties, ...patch };
    const clean = validateOrThrow(ctx.model, { id, schema: row.schema, properties: next });
    const group = await entityGroup(tx, id);
    const changed = Object.keys(patch);
    if (changed.length > 0) {
      await tx.updateTable('statements').set({ retracted_at: at, retracted_by: userIdOf(actor) ?? `${actor.kind}:${actor.id}` })
        .where('entity_id', 'in', group).where('prop', 'in', changed).where('retracted_at', 'is', null).execute();
    }
    const written: Record<string, readonly string[]> = {};
    for (const prop of changed) written[prop] = clean.properties[prop] ?? [];
    await insertStatements(ctx, tx, { caseId: row.case_id, entityId: id, schema: row.schema, properties: written, provenance, userId: userIdOf(actor), at });
    const record = await refreshEntity(ctx, tx, id, at);
    await appendJournalEntries(tx, actor, at, [{ action: 'entity.update', caseId: row.case_id, entityId: id, contentHash: contentHash(sortedProperties(written)) }]);
    return record;
  });
}

export async function deleteEntity(ctx: StoreContext, actor: Actor, id: string): Promise<void> {
  const at = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const row = await loadLiveEntity(tx, id);
    const group = await entityGroup(tx, id);
    await tx.updateTable('statements').set({ retracted_at: at, retracted_by: userIdOf(actor) ?? `${actor.kind}:${actor.id}` })
      .where('entity_id', 'in', group).where('retracted_at', 'is', null).execute();
    await tx.updateTable('entities').set({ deleted_at: at, last_seen: at }).where('id', '=', id).execute();
    await appendJournalEntries(tx, actor, at, [{ action: 'entity.delete', caseId: row.case_id, entityId: id, contentHash: null }]);
  });
}
