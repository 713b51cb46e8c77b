/**
 * Resumable uploads in progress (tus). A row records who may continue an upload, how long it is
 * and how much has arrived; the bytes themselves are staged encrypted by the vault. When the last
 * byte arrives the vault's description of the finished blob is kept here until an intake turns
 * it into an evidence item. Uploads are not evidence yet, so they are not journalled.
 */
import type { Selectable } from 'kysely';
import type { StoreContext } from './context.ts';
import type { UploadsTable } from './database-evidence.ts';
import type { StoredBlobInfo } from './evidence-types.ts';

export interface UploadRecord {
  readonly id: string;
  /** `user:<id>` or `submission:<id>` */
  readonly owner: string;
  readonly length: number;
  readonly received: number;
  readonly filename: string | null;
  readonly filetype: string | null;
  /** set once every byte has arrived and the vault sealed the blob */
  readonly blob: StoredBlobInfo | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly completedItem: string | null;
}

function toUpload(row: Selectable<UploadsTable>): UploadRecord {
  const meta = row.metadata as { filename?: string | null; filetype?: string | null; blob?: StoredBlobInfo | null };
  return {
    id: row.id, owner: row.owner, length: Number(row.length), received: Number(row.received),
    filename: meta.filename ?? null, filetype: meta.filetype ?? null, blob: meta.blob ?? null,
    createdAt: row.created_at, expiresAt: row.expires_at, completedItem: row.completed_item,
  };
}

export function uploadStore(ctx: StoreContext) {
  return {
    async createUpload(input: { id: string; owner: string; length: number; filename: string | null; filetype: string | null; expiresAt: Date }): Promise<UploadRecord> {
      const row = await ctx.db.insertInto('uploads').values({
        id: input.id, owner: input.owner, length: input.length, received: 0,
        metadata: JSON.stringify({ filename: input.filename, filetype: input.filetype, blob: null }),
        created_at: ctx.now(), expires_at: input.expiresAt,
      }).returningAll().executeTakeFirstOrThrow();
      return toUpload(row);
    },
    /** unfinished uploads of `owner`: bounded, so no one can fill the disk with abandoned staging */
    async countOpenUploads(owner: string): Promise<number> {
      const row = await ctx.db.selectFrom('uploads').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('owner', '=', owner).where('completed_item', 'is', null).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async getUpload(id: string): Promise<UploadRecord | null> {
      const row = await ctx.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUpload(row) : null;
    },
    async setUploadReceived(id: string, received: number): Promise<void> {
      await ctx.db.updateTable('uploads').set({ received }).where('id', '=', id).execute();
    },
    async completeUpload(id: string, blob: StoredBlobInfo): Promise<void> {
      const row = await ctx.db.selectFrom('uploads').select('metadata').where('id', '=', id).executeTakeFirstOrThrow();
      const meta = { ...(row.metadata as Record<string, unknown>), blob };
      await ctx.db.updateTable('uploads').set({ received: blob.size, metadata: JSON.stringify(meta) }).where('id', '=', id).execute();
    },
    /** marks a finished upload as used by an intake, once: false when it was already used */
    async claimUpload(id: string, itemId: string): Promise<boolean> {
      const result = await ctx.db.updateTable('uploads').set({ completed_item: itemId }).where('id', '=', id).where('completed_item', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** undoes a claim whose intake failed, so the upload can be taken in again */
    async releaseUpload(id: string, itemId: string): Promise<void> {
      await ctx.db.updateTable('uploads').set({ completed_item: null }).where('id', '=', id).where('completed_item', '=', itemId).execute();
    },
    async deleteUpload(id: string): Promise<void> {
      await ctx.db.deleteFrom('uploads').where('id', '=', id).execute();
    },
    async expiredUploads(now: Date, limit = 100): Promise<UploadRecord[]> {
      const rows = await ctx.db.selectFrom('uploads').selectAll().where('expires_at', '<', now).limit(limit).execute();
      return rows.map(toUpload);
    },
  };
}

export type UploadStore = ReturnType<typeof uploadStore>;
