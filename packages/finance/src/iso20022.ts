/**
 * Reads ISO 20022 payment messages into transactions and accounts: camt.053 bank statements,
 * pacs.008 interbank credit transfers and pain.001 credit transfer initiations, versions 02 to
 * 12 of each. The message is told by the namespace of its `Document` (the root, or a child of an
 * envelope root holding a business application header beside it); anything else is refused
 * before a record is read.
 *
 * The document is streamed (iso20022-xml.ts) under limits that make hostile input fail fast;
 * a document that is malformed, truncated or over a limit throws one AriadneError naming the
 * line, and nothing of it is returned. Problems of single records (a missing amount, an unknown
 * currency, a date without a zone) become RecordErrors naming the record by its id or ordinal,
 * and the rest goes on. The per-message rules live in iso20022-camt053.ts and
 * iso20022-transfers.ts.
 *
 * @example
 * ```ts
 * const { records, accounts, errors, messageType } = await readIso20022(createReadStream('stmt.xml'), {
 *   currency: { base: 'EUR', rates: { EUR: 1, USD: 0.92 } },
 * });
 * graph.addAccounts(accounts);
 * for (const tx of records) graph.add(tx);
 * ```
 */
import { AriadneError } from '@ariadne/schema';
import type { AccountRecord, CurrencyTable, ReadResult, TransactionRecord } from './types.ts';
import { parseXml, type XmlElement, type XmlLimits } from './iso20022-xml.ts';
import { checkZone } from './iso20022-values.ts';
import { ReadOutput, type MessageReader, type ReaderContext } from './iso20022-output.ts';
import { Camt053Reader } from './iso20022-camt053.ts';
import { TransferReader } from './iso20022-transfers.ts';

export interface Iso20022Options {
  readonly currency: CurrencyTable;
  /**
   * The statement account's reference for camt.053 statements whose `Acct` names no id (some
   * bank exports leave it out of a single-account file). A statement that names its account
   * keeps its own id.
   */
  readonly ownAccount?: string;
  /** the zone (`Z` or `±hh:mm`) of date-times given without an offset; without it they are refused */
  readonly assumeZone?: string;
  readonly limits?: XmlLimits;
}

export type Iso20022Result = ReadResult<TransactionRecord> & {
  readonly accounts: AccountRecord[];
  /** the message identifier from the namespace, such as `camt.053.001.08` */
  readonly messageType: string;
};

/** The messages read, with the element each `Document` must hold. */
const MESSAGES = {
  'camt.053': 'BkToCstmrStmt',
  'pacs.008': 'FIToFICstmrCdtTrf',
  'pain.001': 'CstmrCdtTrfInitn',
} as const;
type MessageFamily = keyof typeof MESSAGES;

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.\d{3}\.(\d{2})$/;
const MIN_VERSION = 2;
const MAX_VERSION = 12;

/** The message family and identifier a Document namespace names, or an AriadneError saying what was found. */
export function messageOfNamespace(uri: string): { family: MessageFamily; messageType: string } {
  const match = NAMESPACE.exec(uri);
  const expected = `expected camt.053, pacs.008 or pain.001, versions 0${MIN_VERSION} to ${MAX_VERSION}`;
  if (!match) {
    const shown = uri === '' ? 'no namespace' : `namespace "${uri.slice(0, 80)}"`;
    throw new AriadneError('MALFORMED_INPUT', `The Document has ${shown}; it is not an ISO 20022 message (${expected}).`);
  }
  const family = match[1]!;
  const version = Number(match[2]);
  const messageType = uri.slice('urn:iso:std:iso:20022:tech:xsd:'.length);
  if (!(family in MESSAGES) || version < MIN_VERSION || version > MAX_VERSION) {
    throw new AriadneError('MALFORMED_INPUT', `The Document is ${messageType}, which is not read here (${expected}).`);
  }
  return { family: family as MessageFamily, messageType };
}

/** Reads one ISO 20022 document. Throws AriadneError (MALFORMED_INPUT, PAYLOAD_TOO_LARGE, VALIDATION_FAILED for options). */
export async function readIso20022(input: AsyncIterable<Uint8Array | string>, options: Iso20022Options): Promise<Iso20022Result> {
  const assumeZone = checkZone(options.assumeZone);
  const ownAccount = options.ownAccount;
  if (ownAccount !== undefined && (ownAccount.trim() === '' || ownAccount.startsWith('@'))) {
    throw new AriadneError('VALIDATION_FAILED', 'ownAccount must be a non-empty account reference not starting with @.', { details: { ownAccount: 'invalid' } });
  }
  const output = new ReadOutput();
  const context: ReaderContext = { currency: options.currency, assumeZone, ownAccount, output };
  let documentDepth = 0; // depth of the Document element, 0 until it is seen
  let family: MessageFamily | undefined;
  let messageType = '';
  let reader: MessageReader | undefined;
  let done = false;

  const relative = (path: readonly string[]) => path.slice(documentDepth);
  await parseXml(input, {
    open(path, uri) {
      if (documentDepth === 0) {
        if (path[path.length - 1] !== 'Document' || path.length > 2) return false;
        ({ family, messageType } = messageOfNamespace(uri));
        documentDepth = path.length;
        return false;
      }
      if (path.length <= documentDepth || done) {
        if (path[path.length - 1] === 'Document') throw new AriadneError('MALFORMED_INPUT', 'The input holds more than one Document; send one message per file.');
        return false;
      }
      if (path.length === documentDepth + 1) {
        const expected = MESSAGES[family!];
        if (path[documentDepth] !== expected || reader !== undefined) {
          throw new AriadneError('MALFORMED_INPUT', `The ${messageType} Document holds ${path[documentDepth]!.slice(0, 40)} where ${expected} is expected.`);
        }
        reader = family === 'camt.053' ? new Camt053Reader(context) : new TransferReader(family!, context);
        return false;
      }
      return reader !== undefined && reader.open(relative(path));
    },
    element(path, node: XmlElement) {
      reader?.element(relative(path), node);
    },
    close(path) {
      if (path.length === documentDepth) done = true;
      else if (path.length > documentDepth && documentDepth > 0) reader?.close(relative(path));
    },
  }, options.limits);

  if (documentDepth === 0) throw new AriadneError('MALFORMED_INPUT', 'The input holds no ISO 20022 Document element (as root or directly under the root).');
  reader?.finish();
  return { records: output.records, errors: output.errors, accounts: output.accounts, messageType };
}
