/**
 * pacs.008 (FIToFICustomerCreditTransfer) and pain.001 (CustomerCreditTransferInitiation): one
 * transaction per `CdtTrfTxInf`, from the debtor's account to the creditor's.
 *
 * In pacs.008 each transfer carries its own debtor, amount (`IntrBkSttlmAmt`) and settlement
 * date. In pain.001 the debtor, its account and agent and the requested execution date sit on
 * the payment information block (`PmtInf`) around a batch of transfers, and the amount is
 * `Amt/InstdAmt`. Both messages declare their size: `NbOfTxs` and the optional `CtrlSum` (the
 * plain sum of the amounts) in the group header, and in pain.001 again on each `PmtInf`. A
 * mismatch means the message was cut or altered; its transactions are refused as a whole with
 * one error (the group header's, or the payment block's for a pain.001 block of its own).
 */
import type { AccountRecord, TransactionRecord, TxKind } from './types.ts';
import { child, childrenNamed, textAt, type XmlElement } from './iso20022-xml.ts';
import {
  agentBic, formatScaled, partyCountry, partyName, readAccountId, readAmount, readDateChoice, readIsoDate, readIsoDateTime,
  scaledDecimal, type Read,
} from './iso20022-values.ts';
import { compact, kindFromCodes, type MessageReader, type Pending, type ReaderContext } from './iso20022-output.ts';

export type TransferMessage = 'pacs.008' | 'pain.001';

/** The declared size of a message or payment block, and what was counted. */
interface Tally {
  label: string;
  declaredCount: string | undefined;
  declaredSum: string | undefined;
  declaredTotal: string | undefined;
  count: number;
  sum: bigint;
  pending: Pending[];
}

function tally(label: string): Tally {
  return { label, declaredCount: undefined, declaredSum: undefined, declaredTotal: undefined, count: 0, sum: 0n, pending: [] };
}

/** Why a tally does not hold, or undefined when it does (absent declarations are not checked). */
function mismatch(t: Tally): string | undefined {
  if (t.declaredCount !== undefined && !(/^\d{1,15}$/.test(t.declaredCount) && Number(t.declaredCount) === t.count)) {
    return `declares ${/^\d{1,15}$/.test(t.declaredCount) ? t.declaredCount : 'a malformed number of'} transactions (NbOfTxs) but holds ${t.count}`;
  }
  for (const [name, declared] of [['CtrlSum', t.declaredSum], ['TtlIntrBkSttlmAmt', t.declaredTotal]] as const) {
    if (declared === undefined) continue;
    const scaled = scaledDecimal(declared);
    if (scaled === undefined) return `${name} is not a decimal number`;
    if (scaled !== t.sum) return `${name} differs from the sum of its amounts by ${formatScaled(scaled - t.sum)}`;
  }
  return undefined;
}

/** The debtor side of a transfer: the transfer's own in pacs.008, the payment block's in pain.001. */
interface DebtorSide {
  readonly party: XmlElement | undefined;
  readonly account: XmlElement | undefined;
  readonly agent: XmlElement | undefined;
}

export class TransferReader implements MessageReader {
  private readonly message: Tally;
  private header: XmlElement | undefined;
  /** pain.001: the payment block being read, its non-transfer children, and the blocks read */
  private block: { tally: Tally; parts: Map<string, XmlElement> } | undefined;
  private readonly blocks: Tally[] = [];
  private transfers = 0;

  constructor(private readonly type: TransferMessage, private readonly context: ReaderContext) {
    this.message = tally('message');
  }

  open(path: readonly string[]): boolean {
    if (path.length === 2) {
      if (this.type === 'pain.001' && path[1] === 'PmtInf') {
        this.block = { tally: tally(`payment block ${this.blocks.length + 1}`), parts: new Map() };
        return false;
      }
      return path[1] === 'GrpHdr' || path[1] === 'CdtTrfTxInf';
    }
    return path.length === 3 && path[1] === 'PmtInf' && this.block !== undefined;
  }

  element(path: readonly string[], node: XmlElement): void {
    if (path.length === 2 && node.name === 'GrpHdr') {
      this.header = node;
      const msgId = textAt(node, 'MsgId');
      if (msgId !== undefined && msgId.length <= 35) this.message.label = msgId;
      this.message.declaredCount = textAt(node, 'NbOfTxs');
      this.message.declaredSum = textAt(node, 'CtrlSum');
      this.message.declaredTotal = textAt(node, 'TtlIntrBkSttlmAmt');
      return;
    }
    if (node.name !== 'CdtTrfTxInf') {
      this.block?.parts.set(node.name, node);
      return;
    }
    this.transfers++;
    const block = this.block;
    if (block !== undefined && block.tally.count === 0) {
      const id = textAt(block.parts.get('PmtInfId'));
      if (id !== undefined && id.length <= 35) block.tally.label = id;
      block.tally.declaredCount = textAt(block.parts.get('NbOfTxs'));
      block.tally.declaredSum = textAt(block.parts.get('CtrlSum'));
    }
    const item = this.transfer(node, block?.parts);
    for (const t of block === undefined ? [this.message] : [this.message, block.tally]) {
      t.count++;
      if (item.sum !== undefined) t.sum += item.sum;
    }
    (block?.tally ?? this.message).pending.push(item.pending);
  }

  close(path: readonly string[]): void {
    if (path.length === 2 && path[1] === 'PmtInf' && this.block !== undefined) {
      this.blocks.push(this.block.tally);
      this.block = undefined;
    }
  }

  finish(): void {
    const { output } = this.context;
    const all = [this.message, ...this.blocks];
    const wrong = mismatch(this.message);
    if (wrong !== undefined) {
      output.error({ record: this.message.label, field: 'GrpHdr', message: `the message ${wrong}; none of its transactions is kept` });
      for (const t of all) output.errorsOf(t.pending);
      return;
    }
    output.keep(this.message.pending);
    for (const block of this.blocks) {
      const blockWrong = mismatch(block);
      if (blockWrong === undefined) output.keep(block.pending);
      else {
        output.error({ record: block.label, field: 'PmtInf', message: `payment block ${blockWrong}; none of its transactions is kept` });
        output.errorsOf(block.pending);
      }
    }
  }

  /** One `CdtTrfTxInf`: its pending record and its amount for the tallies (when readable). */
  private transfer(tx: XmlElement, block: Map<string, XmlElement> | undefined): { pending: Pending; sum: bigint | undefined } {
    const pacs = this.type === 'pacs.008';
    const id = this.transferId(tx);
    const amountNode = pacs ? child(tx, 'IntrBkSttlmAmt') : child(tx, 'Amt', 'InstdAmt') ?? child(tx, 'Amt', 'EqvtAmt', 'Amt');
    const amountText = amountNode?.text.trim();
    const sum = amountText === undefined ? undefined : scaledDecimal(amountText);
    const fail = (field: string, message: string) => ({ pending: { error: { record: id, field, message } }, sum });

    const amount = readAmount(amountNode, pacs ? 'IntrBkSttlmAmt' : 'Amt/InstdAmt', this.context.currency);
    if (!amount.ok) return fail(amount.field, amount.message);
    const date = this.date(tx, block);
    if (!date.ok) return fail(date.field, date.message);
    const debtor: DebtorSide = pacs
      ? { party: child(tx, 'Dbtr'), account: child(tx, 'DbtrAcct'), agent: child(tx, 'DbtrAgt') }
      : { party: block?.get('Dbtr'), account: block?.get('DbtrAcct'), agent: block?.get('DbtrAgt') };
    const from = readAccountId(debtor.account, 'DbtrAcct');
    if (from === undefined) return fail('DbtrAcct/Id', 'debtor account id is missing');
    if (!from.ok) return fail(from.field, from.message);
    const to = readAccountId(child(tx, 'CdtrAcct'), 'CdtrAcct');
    if (to === undefined) return fail('CdtrAcct/Id', 'creditor account id is missing');
    if (!to.ok) return fail(to.field, to.message);

    const creditor = child(tx, 'Cdtr');
    const purpose = textAt(tx, 'Purp', 'Cd');
    const category = textAt(tx, 'PmtTpInf', 'CtgyPurp', 'Cd') ?? textAt(block?.get('PmtTpInf'), 'CtgyPurp', 'Cd');
    const fallback: TxKind = pacs ? 'wire' : 'transfer';
    const fromBank = agentBic(debtor.agent);
    const toBank = agentBic(child(tx, 'CdtrAgt'));
    const fromCountry = from.value.ibanCountry ?? partyCountry(debtor.party);
    const toCountry = to.value.ibanCountry ?? partyCountry(creditor);
    const record: TransactionRecord = compact({
      id, from: from.value.id, to: to.value.id,
      amount: amount.value.amount, amountText: amount.value.text, currency: amount.value.currency,
      timestamp: date.value,
      kind: kindFromCodes([purpose, category], fallback),
      rawType: purpose ?? category,
      fromBank, toBank, fromCountry, toCountry,
      reference: childrenNamed(child(tx, 'RmtInf'), 'Ustrd').map((u) => u.text.trim()).filter((t) => t !== '').join(' ') || undefined,
      beneficiaryName: partyName(creditor),
    });
    const accounts: AccountRecord[] = [
      compact({ id: from.value.id, holderName: partyName(debtor.party), bank: fromBank, country: fromCountry }),
      compact({ id: to.value.id, holderName: partyName(creditor), bank: toBank, country: toCountry }),
    ];
    return { pending: { candidate: { record, accounts } }, sum };
  }

  /** TxId (pacs.008), else EndToEndId, InstrId or UETR, else the message id and ordinal */
  private transferId(tx: XmlElement): string {
    for (const name of ['TxId', 'EndToEndId', 'InstrId', 'UETR']) {
      const value = textAt(tx, 'PmtId', name);
      if (value !== undefined && value.toUpperCase() !== 'NOTPROVIDED' && value.length <= 140) return value;
    }
    return `${this.message.label}#${this.transfers}`;
  }

  /**
   * pacs.008: the transfer's settlement date, the group's, the acceptance time, the message's
   * creation time; pain.001: the requested execution date, the message's creation time.
   */
  private date(tx: XmlElement, block: Map<string, XmlElement> | undefined): Read<number> {
    const zone = this.context.assumeZone;
    if (this.type === 'pacs.008') {
      const settled = textAt(tx, 'IntrBkSttlmDt') ?? textAt(this.header, 'IntrBkSttlmDt');
      if (settled !== undefined) return readIsoDate(settled, 'IntrBkSttlmDt');
      const accepted = textAt(tx, 'AccptncDtTm');
      if (accepted !== undefined) return readIsoDateTime(accepted, 'AccptncDtTm', zone);
    } else {
      const requested = readDateChoice(block?.get('ReqdExctnDt'), 'ReqdExctnDt', zone);
      if (requested !== undefined) return requested;
    }
    return readIsoDateTime(textAt(this.header, 'CreDtTm'), 'GrpHdr/CreDtTm', zone);
  }
}
