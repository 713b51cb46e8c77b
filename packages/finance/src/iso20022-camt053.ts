/**
 * camt.053 (BankToCustomerStatement): each `Stmt` is one account's booked movements over a
 * period. An entry (`Ntry`) credits or debits the statement account; its `TxDtls` name the
 * other side (`RltdPties`), so a credit runs from the related debtor's account to the statement
 * account and a debit the reverse; an entry naming no other side is refused unless it is cash
 * (`@cash`). A batch-booked entry with several `TxDtls` becomes one transaction per detail.
 * Ids: TxId, else EndToEndId, else the servicer's reference, else `<statement id>#<n>`.
 *
 * Only booked entries are read (`Sts` BOOK, or `Sts/Cd` BOOK in the newer versions): pending and
 * information entries may never happen. A statement is read whole, then checked: opening
 * balance (OPBD, else PRCD) plus booked credits minus booked debits must equal the closing
 * balance (CLBD) exactly, in decimal arithmetic. A statement that does not balance has been
 * cut or altered somewhere, so none of it is kept: each of its entries gets an error, and the
 * file's other statements go on.
 */
import { CASH_ACCOUNT, type AccountRecord, type TransactionRecord } from './types.ts';
import { child, childrenNamed, textAt, type XmlElement } from './iso20022-xml.ts';
import {
  agentBic, formatScaled, partyCountry, partyName, readAccountId, readAmount, readDateChoice, scaledDecimal,
  type AccountId, type Amount, type Read,
} from './iso20022-values.ts';
import { compact, isCashKind, kindFromCodes, type Candidate, type MessageReader, type Pending, type ReaderContext } from './iso20022-output.ts';

interface StatementAccount {
  readonly id: string;
  readonly record: AccountRecord;
}

/** what a transaction of an entry shares with its siblings */
interface Entry {
  readonly ntry: XmlElement;
  readonly own: StatementAccount;
  readonly credit: boolean;
  readonly timestamp: number;
  readonly codes: XmlElement | undefined;
}

interface Statement {
  id: string;
  account: Read<StatementAccount> | undefined;
  opening: bigint | 'malformed' | undefined;
  closing: bigint | 'malformed' | undefined;
  /** opening-type code seen, so OPBD wins over PRCD whatever the order */
  openingCode: string | undefined;
  /** booked credits minus booked debits, of the entries whose amount could be read */
  movement: bigint;
  entries: number;
  pending: Pending[];
}

/** `Ref` values that mean "none" (EPC rules allow NOTPROVIDED for a missing end-to-end id). */
const NO_REFERENCE = new Set(['NOTPROVIDED', 'NONREF']);

function reference(node: XmlElement | undefined, name: string): string | undefined {
  const value = textAt(node, 'Refs', name);
  return value === undefined || NO_REFERENCE.has(value.toUpperCase()) || value.length > 140 ? undefined : value;
}

/** the remittance text: the unstructured lines, else the structured creditor reference */
function remittance(details: XmlElement | undefined): string | undefined {
  const info = child(details, 'RmtInf');
  const lines = childrenNamed(info, 'Ustrd').map((u) => u.text.trim()).filter((t) => t !== '');
  if (lines.length > 0) return lines.join(' ');
  for (const structured of childrenNamed(info, 'Strd')) {
    const ref = textAt(structured, 'CdtrRefInf', 'Ref');
    if (ref !== undefined) return ref;
  }
  return undefined;
}

/** `PMNT/RCDT/ESCT` from a BkTxCd, and its proprietary code */
function bankCodes(codes: XmlElement | undefined): { domain: string | undefined; proprietary: string | undefined } {
  const domain = child(codes, 'Domn');
  const parts = [textAt(domain, 'Cd'), textAt(domain, 'Fmly', 'Cd'), textAt(domain, 'Fmly', 'SubFmlyCd')];
  return {
    domain: parts.every((p) => p !== undefined) ? parts.join('/') : parts[0],
    proprietary: textAt(codes, 'Prtry', 'Cd'),
  };
}

export class Camt053Reader implements MessageReader {
  private statement: Statement | undefined;
  private statements = 0;

  constructor(private readonly context: ReaderContext) {}

  open(path: readonly string[]): boolean {
    if (path.length === 2 && path[1] === 'Stmt') {
      this.statements++;
      this.statement = {
        id: `STMT-${this.statements}`, account: undefined, opening: undefined, closing: undefined, openingCode: undefined,
        movement: 0n, entries: 0, pending: [],
      };
      return false;
    }
    return path.length === 3 && path[1] === 'Stmt';
  }

  element(_path: readonly string[], node: XmlElement): void {
    const statement = this.statement;
    if (statement === undefined) return;
    switch (node.name) {
      case 'Id': {
        const id = node.text.trim();
        if (id !== '' && id.length <= 35) statement.id = id;
        break;
      }
      case 'Acct':
        statement.account = this.readStatementAccount(node);
        break;
      case 'Bal':
        this.readBalance(statement, node);
        break;
      case 'Ntry':
        statement.entries++;
        this.readEntry(statement, node);
        break;
    }
  }

  close(path: readonly string[]): void {
    if (path.length === 2 && path[1] === 'Stmt' && this.statement !== undefined) {
      this.finishStatement(this.statement);
      this.statement = undefined;
    }
  }

  finish(): void {}

  private readStatementAccount(acct: XmlElement): Read<StatementAccount> | undefined {
    const id = readAccountId(acct, 'Acct');
    if (id === undefined || !id.ok) return id;
    const owner = child(acct, 'Ownr');
    const record = compact<AccountRecord>({
      id: id.value.id, holderName: partyName(owner), bank: agentBic(child(acct, 'Svcr')),
      country: id.value.ibanCountry ?? partyCountry(owner),
    });
    return { ok: true, value: { id: id.value.id, record } };
  }

  private readBalance(statement: Statement, bal: XmlElement): void {
    const code = textAt(bal, 'Tp', 'CdOrPrtry', 'Cd');
    if (code !== 'OPBD' && code !== 'PRCD' && code !== 'CLBD') return;
    const text = textAt(bal, 'Amt');
    const sign = textAt(bal, 'CdtDbtInd');
    const scaled = text === undefined ? undefined : scaledDecimal(text);
    const value = scaled === undefined || (sign !== 'CRDT' && sign !== 'DBIT') ? 'malformed' : sign === 'DBIT' ? -scaled : scaled;
    if (code === 'CLBD') statement.closing = value;
    else if (statement.openingCode !== 'OPBD') {
      statement.opening = value;
      statement.openingCode = code;
    }
  }

  private readEntry(statement: Statement, ntry: XmlElement): void {
    const label = `${statement.id}#${statement.entries}`;
    const status = textAt(ntry, 'Sts', 'Cd') ?? textAt(ntry, 'Sts');
    if (status === undefined) {
      statement.pending.push({ error: { record: label, field: 'Sts', message: 'entry status is missing' } });
      return;
    }
    if (status !== 'BOOK') return;
    const direction = textAt(ntry, 'CdtDbtInd');
    const amountText = textAt(ntry, 'Amt');
    const scaled = amountText === undefined ? undefined : scaledDecimal(amountText);
    if (scaled !== undefined && direction === 'CRDT') statement.movement += scaled;
    if (scaled !== undefined && direction === 'DBIT') statement.movement -= scaled;

    const entryRef = textAt(ntry, 'AcctSvcrRef');
    const details = childrenNamed(ntry, 'NtryDtls').flatMap((d) => childrenNamed(d, 'TxDtls'));
    const entryLabel = details.length <= 1 ? (this.transactionId(details[0], entryRef) ?? label) : (entryRef ?? label);
    const fail = (record: string, field: string, message: string): void => {
      statement.pending.push({ error: { record, field, message } });
    };

    if (direction !== 'CRDT' && direction !== 'DBIT') return fail(entryLabel, 'CdtDbtInd', 'credit/debit indicator is missing or not CRDT/DBIT');
    const date = readDateChoice(child(ntry, 'BookgDt'), 'BookgDt', this.context.assumeZone)
      ?? readDateChoice(child(ntry, 'ValDt'), 'ValDt', this.context.assumeZone);
    if (date === undefined) return fail(entryLabel, 'BookgDt', 'booking date and value date are missing');
    if (!date.ok) return fail(entryLabel, date.field, date.message);
    const account = statement.account;
    const own = account?.ok ? account.value : this.context.ownAccount !== undefined ? { id: this.context.ownAccount, record: { id: this.context.ownAccount } } : undefined;
    if (account !== undefined && !account.ok) return fail(entryLabel, account.field, account.message);
    if (own === undefined) return fail(entryLabel, 'Acct/Id', 'statement account id is missing');
    const entry: Entry = { ntry, own, credit: direction === 'CRDT', timestamp: date.value, codes: child(ntry, 'BkTxCd') };

    if (details.length <= 1) {
      const amount = readAmount(child(ntry, 'Amt'), 'Amt', this.context.currency);
      if (!amount.ok) return fail(entryLabel, amount.field, amount.message);
      statement.pending.push(this.transaction(entry, details[0], entryLabel, amount.value));
      return;
    }
    for (const item of this.readBatch(entry, details, entryLabel, scaled)) statement.pending.push(item);
  }

  /**
   * A batch booking: one transaction per detail, each with its own amount. Details whose amounts
   * (all readable, in the entry's currency) do not add up to the entry's are refused together:
   * the statement balances on the entry, so such details would invent or lose money.
   */
  private readBatch(entry: Entry, details: readonly XmlElement[], entryLabel: string, entryAmount: bigint | undefined): Pending[] {
    const pending: Pending[] = [];
    let sum = 0n;
    let comparable = entryAmount !== undefined;
    details.forEach((tx, k) => {
      const id = this.transactionId(tx, undefined) ?? `${entryLabel}/${k + 1}`;
      const amountNode = child(tx, 'Amt') ?? child(tx, 'AmtDtls', 'TxAmt', 'Amt');
      const amount = readAmount(amountNode, 'TxDtls/Amt', this.context.currency);
      if (!amount.ok) {
        comparable = false;
        pending.push({ error: { record: id, field: amount.field, message: amount.message } });
        return;
      }
      if (amount.value.currency !== child(entry.ntry, 'Amt')?.attributes.Ccy) comparable = false;
      sum += amount.value.scaled;
      const txDirection = textAt(tx, 'CdtDbtInd');
      if (txDirection !== undefined && txDirection !== (entry.credit ? 'CRDT' : 'DBIT')) {
        pending.push({ error: { record: id, field: 'TxDtls/CdtDbtInd', message: 'transaction direction differs from its entry' } });
        return;
      }
      pending.push(this.transaction(entry, tx, id, amount.value));
    });
    if (!comparable || sum === entryAmount) return pending;
    return pending.map((item) => 'error' in item ? item : {
      error: { record: item.candidate.record.id, field: 'TxDtls/Amt', message: `the transaction details of entry ${entryLabel} do not add up to its amount; none of them is kept` },
    });
  }

  /** TxId, else EndToEndId, else the servicer's reference */
  private transactionId(details: XmlElement | undefined, entryRef: string | undefined): string | undefined {
    return reference(details, 'TxId') ?? reference(details, 'EndToEndId') ?? reference(details, 'AcctSvcrRef') ?? entryRef;
  }

  private transaction(entry: Entry, details: XmlElement | undefined, id: string, amount: Amount): Pending {
    const { domain, proprietary } = bankCodes(child(details, 'BkTxCd') ?? entry.codes);
    const purpose = textAt(details, 'Purp', 'Cd');
    const kind = kindFromCodes([purpose, domain, proprietary], 'transfer');
    const parties = child(details, 'RltdPties');
    const agents = child(details, 'RltdAgts');
    const side = entry.credit ? 'Dbtr' : 'Cdtr';
    const party = child(parties, side);
    const otherId: Read<AccountId> | undefined = readAccountId(child(parties, `${side}Acct`), `RltdPties/${side}Acct`);
    if (otherId !== undefined && !otherId.ok) return { error: { record: id, field: otherId.field, message: otherId.message } };
    if (otherId === undefined && !isCashKind(kind)) {
      return { error: { record: id, field: `RltdPties/${side}Acct`, message: 'counterparty account id is missing' } };
    }
    const other = otherId?.value;
    const otherRef = other?.id ?? CASH_ACCOUNT;
    const otherCountry = other?.ibanCountry ?? partyCountry(party);
    const otherBank = agentBic(child(agents, `${side}Agt`));
    const own = entry.own;
    const record: TransactionRecord = compact({
      id,
      from: entry.credit ? otherRef : own.id,
      to: entry.credit ? own.id : otherRef,
      amount: amount.amount,
      amountText: amount.text,
      currency: amount.currency,
      timestamp: entry.timestamp,
      kind,
      rawType: purpose ?? domain ?? proprietary,
      fromBank: entry.credit ? otherBank : own.record.bank,
      toBank: entry.credit ? own.record.bank : otherBank,
      fromCountry: entry.credit ? otherCountry : own.record.country,
      toCountry: entry.credit ? own.record.country : otherCountry,
      reference: remittance(details),
      beneficiaryName: partyName(child(parties, 'Cdtr')),
    });
    const accounts: AccountRecord[] = [own.record];
    if (other !== undefined) accounts.push(compact({ id: other.id, holderName: partyName(party), bank: otherBank, country: otherCountry }));
    const candidate: Candidate = { record, accounts };
    return { candidate };
  }

  private finishStatement(statement: Statement): void {
    const { output } = this.context;
    const { opening, closing } = statement;
    if (opening === 'malformed' || closing === 'malformed') {
      return output.refuse(statement.pending, 'Bal', `statement ${statement.id}: a balance is malformed, so the statement cannot be checked; none of its entries is kept`);
    }
    if (opening !== undefined && closing !== undefined && opening + statement.movement !== closing) {
      const off = opening + statement.movement - closing;
      return output.refuse(statement.pending, 'Bal', `statement ${statement.id} does not balance (opening + credits - debits differs from the closing balance by ${formatScaled(off)}); none of its entries is kept`);
    }
    const account = statement.account?.ok ? [statement.account.value.record] : [];
    output.keep(statement.pending, account);
  }
}
