/**
 * The evidence catalogue and its custody log. Every custody event is a journal entry (so a leaf
 * of the Merkle log) whose contentHash is the SHA-256 of the event's canonical details, and each
 * item's events form a hash chain through `details.prev` (the leaf hash of the item's previous
 * event). The details are kept here so that a bundle can carry them and a verifier can recompute
 * every hash; the journal itself holds only hashes.
 *
 * A bundle export is one journal entry for many items; it commits to each item's chain head, so
 * a bundle that drops the tail of a chain is caught.
 */
import { AriadneError } from '@ariadne/schema';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { StoreContext } from './context.ts';
import type { Database } from './database.ts';
import type { EvidenceItemsTable } from './database-evidence.ts';
import type { Actor, Page, PageRequest } from './types.ts';
import type {
  BundleExportInput, CustodyEventRecord, CustodyInput, CustodyKind, EvidenceConsent, EvidenceIntake, EvidenceItemRecord, EvidenceOrigin,
} from './evidence-types.ts';
import { CUSTODY_KINDS } from './evidence-types.ts';
import { actorName, appendJournalEntries } from './journal-store.ts';
import { canonicalJournalEntry, contentHash } from './journal-hash.ts';
import { decodeCursor, encodeCursor, pageLimit } from './cursor.ts';

/** the version of the custody details' shape; bump when fields change meaning */
const DETAILS_VERSION = 1;
const MAX_TEXT = 2000;

/**
 * Details exactly as PostgreSQL's jsonb will give them back: plain JSON values, no NUL, no lone
 * surrogates. Hashing this form means the hash recomputed from the stored row always matches.
 */
export function custodyDetails(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? cleanText(v) : v))) as Record<string, unknown>;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function cleanText(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

function text(value: string | null | undefined, field: string, max = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  const clean = cleanText(value).trim();
  if (clean.length > max) throw new AriadneError('VALIDATION_FAILED', `The ${field} is longer than ${max} characters.`, { details: { [field]: 'too long' } });
  return clean || null;
}

function toItem(row: Selectable<EvidenceItemsTable>, entityIds: readonly string[]): EvidenceItemRecord {
  return {
    id: row.id, caseId: row.case_id, submissionId: row.submission_id, submissionRole: row.submission_role, origin: row.origin as EvidenceOrigin,
    blobName: row.blob_name, sha256: row.sha256, size: Number(row.size), mime: row.mime, declaredMime: row.declared_mime,
    mimeMismatch: row.mime_mismatch, filename: row.filename, description: row.description, metadata: row.metadata ?? {},
    collectedBy: row.collected_by, collectedAt: row.collected_at, collectedWhere: row.collected_where, source: row.source,
    consent: (row.consent as EvidenceConsent | null) ?? null, sealed: row.sealed, hold: row.hold, intakeSeq: Number(row.intake_seq),
    headHash: row.head_hash, createdBy: row.created_by, createdAt: row.created_at, entityIds,
  };
}

async function linkedEntities(db: StoreContext['db'] | Transaction<Database>, itemIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (itemIds.length === 0) return out;
  const rows = await db.selectFrom('evidence_links').select(['item_id', 'entity_id']).where('item_id', 'in', itemIds).orderBy('entity_id').execute();
  for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r.entity_id]);
  return out;
}

/** entities to link must exist, not be merged away, and belong to the item's case */
async function checkEntities(tx: Transaction<Database>, caseId: string | null, entityIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(entityIds)];
  if (ids.length === 0) return [];
  const rows = await tx.selectFrom('entities').select(['id', 'case_id']).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  const found = new Map(rows.map((r) => [r.id, r.case_id]));
  const bad = ids.filter((id) => !found.has(id) || (found.get(id) !== caseId && found.get(id) !== null));
  if (bad.length > 0) {
    throw new AriadneError('VALIDATION_FAILED', 'Evidence can only support entities of its own case.', { details: Object.fromEntries(bad.map((id) => [id, 'not an entity of this case'])) });
  }
  return ids;
}

function checkKind(kind: string): asserts kind is CustodyKind {
  if (!(CUSTODY_KINDS as readonly string[]).includes(kind)) throw new AriadneError('VALIDATION_FAILED', `"${kind}" is not a custody event.`, { details: { kind: 'unknown' } });
}

/** appends one custody event to an item's chain, inside `tx`, with the item row locked */
async function appendCustody(
  ctx: StoreContext, tx: Transaction<Database>, actor: Actor, event: { itemId: string; kind: CustodyKind; extra: Record<string, unknown> },
): Promise<CustodyEventRecord> {
  const { itemId, kind, extra } = event;
  const item = await tx.selectFrom('evidence_items').select(['case_id', 'head_hash']).where('id', '=', itemId).forUpdate().executeTakeFirst();
  if (!item) throw new AriadneError('NOT_FOUND', 'No such evidence item.');
  const details = custodyDetails({ ...extra, v: DETAILS_VERSION, kind, item: itemId, prev: item.head_hash });
  const at = ctx.now();
  const [entry] = await appendJournalEntries(tx, actor, at, [{ action: `evidence.${kind}`, caseId: item.case_id, contentHash: contentHash(details) }]);
  await tx.insertInto('evidence_custody').values({ seq: entry!.seq, item_id: itemId, kind, details: JSON.stringify(details) }).execute();
  await tx.updateTable('evidence_items').set({ head_hash: entry!.leafHash }).where('id', '=', itemId).execute();
  return { seq: entry!.seq, at, actor: entry!.actor, action: entry!.action, kind, caseId: item.case_id, details, entry: canonicalJournalEntry(entry!).toString('utf8'), leafHash: entry!.leafHash };
}

export function evidenceStore(ctx: StoreContext) {
  async function getItem(id: string): Promise<EvidenceItemRecord | null> {
    const row = await ctx.db.selectFrom('evidence_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    return toItem(row, (await linkedEntities(ctx.db, [id])).get(id) ?? []);
  }

  return {
    /** records a stored blob as an evidence item: the item row, its intake event and its links, in one transaction */
    async intakeEvidence(actor: Actor, input: EvidenceIntake): Promise<{ item: EvidenceItemRecord; event: CustodyEventRecord }> {
      if (!input.caseId && !input.submissionId) throw new AriadneError('VALIDATION_FAILED', 'Evidence belongs to a case or a submission.', { details: { caseId: 'required' } });
      const id = input.id ?? ctx.newId();
      const at = ctx.now();
      const fields = {
        filename: text(input.filename, 'filename', 255), description: text(input.description, 'description') ?? '',
        collectedBy: text(input.collectedBy, 'collectedBy', 200), collectedWhere: text(input.collectedWhere, 'collectedWhere', 500),
        source: text(input.source, 'source', 500), purpose: text(input.purpose, 'purpose', 500),
      };
      if (input.collectedAt && Number.isNaN(input.collectedAt.getTime())) throw new AriadneError('VALIDATION_FAILED', 'The collection time is not a valid date.', { details: { collectedAt: 'invalid' } });
      const blob = input.blob;
      if (!/^[0-9a-f]{64}$/.test(blob.sha256)) throw new AriadneError('VALIDATION_FAILED', 'The blob hash is not a SHA-256.', { details: { sha256: 'invalid' } });
      const consent = input.consent ? custodyDetails({ ...input.consent }) : null;
      const metadata = custodyDetails({ ...(blob.metadata ?? {}) });
      return ctx.db.transaction().execute(async (tx) => {
        if (input.caseId && !(await tx.selectFrom('cases').select('id').where('id', '=', input.caseId).executeTakeFirst())) {
          throw new AriadneError('NOT_FOUND', 'No such case.');
        }
        const entityIds = await checkEntities(tx, input.caseId, input.entityIds ?? []);
        const details = custodyDetails({
          v: DETAILS_VERSION, kind: 'intake', item: id, prev: null, purpose: fields.purpose,
          sha256: blob.sha256, size: blob.size, mime: blob.mime, filename: fields.filename,
          collectedAt: input.collectedAt ? input.collectedAt.toISOString() : null, collectedBy: fields.collectedBy,
          collectedWhere: fields.collectedWhere, source: fields.source, consent, metadata, origin: input.origin,
          sealed: input.sealed ?? false,
        });
        const [entry] = await appendJournalEntries(tx, actor, at, [{ action: 'evidence.intake', caseId: input.caseId, contentHash: contentHash(details) }]);
        const row = await tx.insertInto('evidence_items').values({
          id, case_id: input.caseId, submission_id: input.submissionId ?? null, submission_role: input.submissionRole ?? null, origin: input.origin,
          blob_name: blob.name, sha256: blob.sha256, size: blob.size, mime: blob.mime, declared_mime: blob.declaredMime ?? null,
          mime_mismatch: blob.mimeMismatch ?? false, filename: fields.filename, description: fields.description,
          metadata: JSON.stringify(metadata), collected_by: fields.collectedBy, collected_at: input.collectedAt ?? null,
          collected_where: fields.collectedWhere, source: fields.source, consent: consent ? JSON.stringify(consent) : null,
          sealed: input.sealed ?? false, intake_seq: entry!.seq, head_hash: entry!.leafHash, created_by: actorName(actor), created_at: at,
        }).returningAll().executeTakeFirstOrThrow();
        await tx.insertInto('evidence_custody').values({ seq: entry!.seq, item_id: id, kind: 'intake', details: JSON.stringify(details) }).execute();
        if (entityIds.length > 0) {
          await tx.insertInto('evidence_links').values(entityIds.map((entityId) => ({ item_id: id, entity_id: entityId, linked_at: at }))).execute();
        }
        const event: CustodyEventRecord = {
          seq: entry!.seq, at, actor: entry!.actor, action: entry!.action, kind: 'intake', caseId: input.caseId, details,
          entry: canonicalJournalEntry(entry!).toString('utf8'), leafHash: entry!.leafHash,
        };
        return { item: toItem(row, entityIds), event };
      });
    },

    getEvidenceItem: getItem,

    /** a case's items, newest first; sealed items only when `includeSealed` */
    async listEvidence(filter: { caseId?: string; submissionId?: string; includeSealed: boolean }, page: PageRequest): Promise<Page<EvidenceItemRecord>> {
      const limit = pageLimit(page.limit);
      let query = ctx.db.selectFrom('evidence_items').selectAll();
      if (filter.caseId !== undefined) query = query.where('case_id', '=', filter.caseId);
      if (filter.submissionId !== undefined) query = query.where('submission_id', '=', filter.submissionId);
      if (!filter.includeSealed) query = query.where('sealed', '=', false);
      if (page.cursor) {
        const [at, id] = decodeCursor(page.cursor);
        if (typeof at !== 'string' || typeof id !== 'string') throw new AriadneError('VALIDATION_FAILED', 'The cursor is not valid.');
        query = query.where((eb) => eb.or([eb('created_at', '<', new Date(at)), eb.and([eb('created_at', '=', new Date(at)), eb('id', '<', id)])]));
      }
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const shown = rows.slice(0, limit);
      const links = await linkedEntities(ctx.db, shown.map((r) => r.id));
      const items = shown.map((r) => toItem(r, links.get(r.id) ?? []));
      const last = items.at(-1);
      return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
    },

    /** items already holding these bytes, for duplicate warnings, restricted to the given cases */
    async findEvidenceBySha256(sha256: string, caseIds: readonly string[]): Promise<EvidenceItemRecord[]> {
      if (caseIds.length === 0) return [];
      const rows = await ctx.db.selectFrom('evidence_items').selectAll().where('sha256', '=', sha256).where('case_id', 'in', caseIds).orderBy('created_at').limit(20).execute();
      return rows.map((r) => toItem(r, []));
    },

    async isBlobReferenced(name: string): Promise<boolean> {
      return !!(await ctx.db.selectFrom('evidence_items').select('id').where('blob_name', '=', name).limit(1).executeTakeFirst());
    },

    /** records one custody event (view, download, transfer, analysis, seal, hold, release…) */
    async recordCustody(actor: Actor, itemId: string, kind: CustodyKind, input: CustodyInput = {}): Promise<CustodyEventRecord> {
      checkKind(kind);
      if (kind === 'intake' || kind === 'export') throw new AriadneError('VALIDATION_FAILED', `Use the ${kind} operation for a ${kind} event.`);
      const extra: Record<string, unknown> = { ...(input.fields ?? {}), purpose: text(input.purpose, 'purpose', 500) };
      return ctx.db.transaction().execute(async (tx) => {
        const event = await appendCustody(ctx, tx, actor, { itemId, kind, extra });
        if (kind === 'seal') await tx.updateTable('evidence_items').set({ sealed: true }).where('id', '=', itemId).execute();
        if (kind === 'hold') await tx.updateTable('evidence_items').set({ hold: true }).where('id', '=', itemId).execute();
        if (kind === 'release') await tx.updateTable('evidence_items').set({ hold: false }).where('id', '=', itemId).execute();
        return event;
      });
    },

    /** links an item to entities it supports; itself a custody event */
    async linkEvidence(actor: Actor, itemId: string, entityIds: readonly string[], purpose?: string): Promise<CustodyEventRecord> {
      return ctx.db.transaction().execute(async (tx) => {
        const item = await tx.selectFrom('evidence_items').select('case_id').where('id', '=', itemId).executeTakeFirst();
        if (!item) throw new AriadneError('NOT_FOUND', 'No such evidence item.');
        const ids = await checkEntities(tx, item.case_id, entityIds);
        if (ids.length === 0) throw new AriadneError('VALIDATION_FAILED', 'Name at least one entity to link.', { details: { entityIds: 'required' } });
        const at = ctx.now();
        await tx.insertInto('evidence_links').values(ids.map((entityId) => ({ item_id: itemId, entity_id: entityId, linked_at: at })))
          .onConflict((oc) => oc.columns(['item_id', 'entity_id']).doNothing()).execute();
        return appendCustody(ctx, tx, actor, { itemId, kind: 'link', extra: { entities: ids, purpose: text(purpose, 'purpose', 500) } });
      });
    },

    /** replaces an item's consent (a survivor's choice, or its withdrawal); itself a custody event */
    async setEvidenceConsent(actor: Actor, itemId: string, consent: EvidenceConsent, purpose?: string): Promise<CustodyEventRecord> {
      const clean = custodyDetails({ ...consent });
      return ctx.db.transaction().execute(async (tx) => {
        const event = await appendCustody(ctx, tx, actor, { itemId, kind: 'consent', extra: { consent: clean, purpose: text(purpose, 'purpose', 500) } });
        await tx.updateTable('evidence_items').set({ consent: JSON.stringify(clean) }).where('id', '=', itemId).execute();
        return event;
      });
    },

    /**
     * Journals one export of a bundle: one entry committing to each item's current chain head.
     * Returns the entry and the heads, which the bundle must end each chain with.
     */
    async recordBundleExport(actor: Actor, input: BundleExportInput): Promise<CustodyEventRecord> {
      const itemIds = [...new Set(input.itemIds)];
      if (itemIds.length === 0) throw new AriadneError('VALIDATION_FAILED', 'A bundle needs at least one item.', { details: { items: 'empty' } });
      return ctx.db.transaction().execute(async (tx) => {
        const rows = await tx.selectFrom('evidence_items').select(['id', 'case_id', 'sha256', 'head_hash']).where('id', 'in', itemIds).orderBy('id').forUpdate().execute();
        if (rows.length !== itemIds.length) throw new AriadneError('NOT_FOUND', 'Some evidence items do not exist.');
        if (input.caseId !== null && rows.some((r) => r.case_id !== input.caseId)) throw new AriadneError('VALIDATION_FAILED', 'Every item of a bundle belongs to its case.');
        const details = custodyDetails({
          v: DETAILS_VERSION, kind: 'export', bundle: input.bundleId, purpose: text(input.purpose, 'purpose', 500), recipient: text(input.recipient, 'recipient', 500),
          items: rows.map((r) => ({ item: r.id, sha256: r.sha256, head: r.head_hash })),
        });
        const at = ctx.now();
        const [entry] = await appendJournalEntries(tx, actor, at, [{ action: 'evidence.export', caseId: input.caseId, contentHash: contentHash(details) }]);
        await tx.insertInto('evidence_exports').values({ seq: entry!.seq, bundle_id: input.bundleId, case_id: input.caseId, details: JSON.stringify(details) }).execute();
        await tx.insertInto('evidence_custody').values(rows.map((r) => ({ seq: entry!.seq, item_id: r.id, kind: 'export', details: JSON.stringify({ bundle: input.bundleId }) }))).execute();
        return { seq: entry!.seq, at, actor: entry!.actor, action: entry!.action, kind: 'export', caseId: input.caseId, details, entry: canonicalJournalEntry(entry!).toString('utf8'), leafHash: entry!.leafHash };
      });
    },

    /** a bundle export as journalled: its entry's seq, case and details */
    async getBundleExport(bundleId: string): Promise<{ seq: number; caseId: string | null; details: Record<string, unknown> } | null> {
      const row = await ctx.db.selectFrom('evidence_exports').selectAll().where('bundle_id', '=', bundleId).executeTakeFirst();
      return row ? { seq: Number(row.seq), caseId: row.case_id, details: row.details } : null;
    },

    /** an item's custody events oldest first, each with its canonical entry and full details */
    async custodyEvents(itemId: string): Promise<CustodyEventRecord[]> {
      const rows = await ctx.db.selectFrom('evidence_custody as c')
        .innerJoin('journal as j', 'j.seq', 'c.seq')
        .leftJoin('evidence_exports as x', 'x.seq', 'c.seq')
        .select(['j.seq', 'j.at', 'j.actor', 'j.action', 'j.case_id', 'j.entity_id', 'j.import_id', 'j.content_hash', 'j.leaf_hash', 'c.kind', 'c.details', sql<Record<string, unknown> | null>`x.details`.as('export_details')])
        .where('c.item_id', '=', itemId).orderBy('c.seq').execute();
      return rows.map((r) => {
        const fields = {
          seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action, caseId: r.case_id, entityId: r.entity_id,
          importId: r.import_id, contentHash: r.content_hash,
        };
        return {
          seq: fields.seq, at: r.at, actor: r.actor, action: r.action, kind: r.kind as CustodyKind, caseId: r.case_id,
          details: r.export_details ?? r.details, entry: canonicalJournalEntry(fields).toString('utf8'), leafHash: r.leaf_hash,
        };
      });
    },
  };
}

export type EvidenceStore = ReturnType<typeof evidenceStore>;
