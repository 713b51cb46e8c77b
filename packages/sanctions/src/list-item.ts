/**
 * The one shape every sanctions list parser yields: a cleaned FtM entity, or an error naming the
 * record it belongs to (a list reference, an OFAC ent_num, or `document` for the whole input),
 * so one bad record never stops the rest of a list.
 */
import type { EntityData } from '@ariadne/schema';

export interface ListRecordError {
  /** the record the error is about: `QDi.001`, `ofac 306`, `INDIVIDUAL #12`, or `document` */
  readonly record: string;
  readonly message: string;
}

export type ListItem = { readonly entity: EntityData } | { readonly error: ListRecordError };

/** Bytes from a file, an HTTP body or a test: any async iterable of chunks (a Node Readable is one). */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** Longest text accepted in one field (64 KiB); a longer one rejects its record. */
export const MAX_FIELD_CHARS = 64 * 1024;
