/**
 * Exporting evidence, in two steps shared by the server and the CLI:
 *
 * 1. `journalExport` checks each item's consent against the purpose and appends ONE journal
 *    entry (`evidence.export`) committing to every item's custody chain head;
 * 2. `buildBundle` gets a signed checkpoint whose tree contains that entry, proves every custody
 *    event against it and streams the archive to `<path>.part`, renamed to `<path>` when whole.
 *
 * Step 1 is quick and answers the user; step 2 may take long (the files can be gigabytes).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { AriadneError } from '@ariadne/schema/errors';
import type { Actor, CustodyEventRecord, EvidenceItemRecord, Store } from '@ariadne/store';
import type { Vault } from '../vault/vault.ts';
import { writeBundle, type WrittenBundle } from '../bundle/write-bundle.ts';
import type { LedgerAccess } from './ledger-access.ts';

export const BUNDLE_PURPOSES = ['prosecution', 'sanctions', 'mutual-legal-assistance', 'other'] as const;
export type BundlePurpose = (typeof BUNDLE_PURPOSES)[number];

export interface ExportRequest {
  readonly purpose: BundlePurpose;
  readonly recipient: string;
  readonly note?: string;
}

export interface ExportDeps {
  readonly store: Pick<Store, 'recordBundleExport' | 'custodyEvents'>;
  readonly vault: Pick<Vault, 'open'>;
  readonly ledger: LedgerAccess;
}

/**
 * Which consent a purpose needs. Items without recorded consent were collected by staff under
 * their own mandate; a survivor's or source's choice binds every export of their material.
 */
export function consentAllows(item: Pick<EvidenceItemRecord, 'consent'>, purpose: BundlePurpose, recipient?: string): boolean {
  if (!item.consent) return true;
  if (recipient !== undefined && !recipientAllowed(item, recipient)) return false;
  if (purpose === 'prosecution' || purpose === 'mutual-legal-assistance') return item.consent.prosecution === true;
  if (purpose === 'sanctions') return item.consent.sanctions === true;
  return item.consent.prosecution === true || item.consent.sanctions === true;
}

/**
 * "Who may see it": when a survivor or source named the organisations that may receive their
 * material, it leaves only to one of them (a transfer or a bundle's recipient, compared without
 * regard to case or surrounding spaces).
 */
export function recipientAllowed(item: Pick<EvidenceItemRecord, 'consent'>, recipient: string): boolean {
  if (item.consent?.visibility !== 'named') return true;
  const wanted = recipient.trim().toLowerCase();
  return (item.consent.organisations ?? []).some((o) => o.trim().toLowerCase() === wanted);
}

/** step 1: the journalled decision to export; refuses items whose consent does not allow it */
export async function journalExport(
  deps: Pick<ExportDeps, 'store'>, actor: Actor,
  request: ExportRequest & { readonly bundleId: string; readonly caseId: string; readonly items: readonly EvidenceItemRecord[] },
): Promise<CustodyEventRecord> {
  const { bundleId, caseId, items } = request;
  if (items.length === 0) throw new AriadneError('VALIDATION_FAILED', 'There are no evidence items to export.', { details: { itemIds: 'empty' } });
  const refused = items.filter((i) => !consentAllows(i, request.purpose, request.recipient));
  if (refused.length > 0) {
    throw new AriadneError('VALIDATION_FAILED', `The consent recorded for ${refused.length} item(s) does not allow use for ${request.purpose} by ${request.recipient}.`, {
      details: Object.fromEntries(refused.map((i) => [i.id, recipientAllowed(i, request.recipient) ? 'consent does not allow this purpose' : 'the recipient is not among the organisations allowed to see it'])),
    });
  }
  const purpose = request.note ? `${request.purpose}: ${request.note}` : request.purpose;
  return deps.store.recordBundleExport(actor, { bundleId, caseId, itemIds: items.map((i) => i.id), purpose, recipient: request.recipient });
}

/** step 2: proves every custody event of the items against one signed checkpoint and writes the archive */
export async function buildBundle(
  deps: ExportDeps,
  input: { readonly caseRecord: { readonly id: string; readonly name: string }; readonly items: readonly EvidenceItemRecord[]; readonly exported: CustodyEventRecord; readonly locale?: string },
  path: string,
  onProgress?: (bytesWritten: number, totalBytes: number) => void,
): Promise<WrittenBundle> {
  const { exported, items } = input;
  const checkpoint = await deps.ledger.checkpointCovering(exported.seq);
  const events = new Map<number, CustodyEventRecord>([[exported.seq, exported]]);
  for (const item of items) {
    for (const event of await deps.store.custodyEvents(item.id)) if (event.seq < exported.seq) events.set(event.seq, event);
  }
  const proven = [];
  for (const event of [...events.values()].sort((a, b) => a.seq - b.seq)) {
    const { proof } = await deps.ledger.inclusionProof(event.seq, checkpoint.size);
    proven.push({ seq: event.seq, entry: event.entry, details: event.details, proof });
  }
  const byId = new Map(items.map((i) => [i.id, i]));
  const part = `${path}.part`;
  try {
    const written = await writeBundle(createWriteStream(part, { mode: 0o600 }), {
      case: { id: input.caseRecord.id, name: input.caseRecord.name },
      log: { origin: deps.ledger.origin, verifierKey: deps.ledger.verifierKey },
      checkpoint: checkpoint.note, exportSeq: exported.seq, events: proven,
      items: items.map((i) => ({ id: i.id, open: () => deps.vault.open(byId.get(i.id)!.blobName) })),
      signNote: (text) => deps.ledger.signNote(text),
      ...(input.locale ? { locale: input.locale } : {}),
    }, (progress) => onProgress?.(progress.bytesWritten, progress.totalBytes));
    await rename(part, path);
    return written;
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}
