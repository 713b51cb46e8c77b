/**
 * An alert's evidence: its transactions (time, from, to, amount, currency, kind) and the accounts
 * they touch, with the holder the case links when it is known. Account references and amounts
 * are written left to right whatever the page's direction.
 */
import { ACCOUNT_KINDS, type FinanceAccount, type FinanceTransaction } from '../../api/finance-types.ts';
import { Empty } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function TransactionsTable({ transactions, highlight, testId = 'evidence-transactions' }: {
  transactions: readonly FinanceTransaction[];
  /** accounts to mark (the alert's own) */
  highlight?: ReadonlySet<string>;
  testId?: string;
}) {
  const { t, formatDateTime } = useI18n();
  if (transactions.length === 0) return <Empty>{t('finance.evidence.none')}</Empty>;
  const account = (ref: string) => <code dir="ltr" className={highlight?.has(ref) ? 'ok-text' : undefined}>{ref}</code>;
  return (
    <div className="table-wrap">
      <table className="table finance-tx" data-testid={testId}>
        <caption className="sr-only">{t('finance.evidence.transactions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('finance.tx.time')}</th>
            <th scope="col">{t('finance.tx.from')}</th>
            <th scope="col">{t('finance.tx.to')}</th>
            <th scope="col">{t('finance.tx.amount')}</th>
            <th scope="col">{t('finance.tx.currency')}</th>
            <th scope="col">{t('finance.tx.kind')}</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((tx) => (
            <tr key={tx.id} data-testid="evidence-tx" data-tx-id={tx.id}>
              <td>{formatDateTime(tx.timestamp)}</td>
              <td>{account(tx.from)}{tx.fromCountry && <span className="muted small"> {tx.fromCountry}</span>}</td>
              <td>{account(tx.to)}{tx.toCountry && <span className="muted small"> {tx.toCountry}</span>}</td>
              <td className="num" dir="ltr">{tx.amountText}</td>
              <td><code dir="ltr">{tx.currency}</code></td>
              <td>{t(`finance.kind.${tx.kind}`)}{tx.rawType && tx.rawType !== tx.kind && <span className="muted small" dir="auto"> ({tx.rawType})</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The alert's own accounts, with what KYC says of them (and of any other account of the evidence
 * the case has KYC for); an account without KYC is listed by its reference alone.
 */
export function AccountsTable({ refs, details }: { refs: readonly string[]; details: readonly FinanceAccount[] }) {
  const { t } = useI18n();
  const known = new Map(details.map((a) => [a.id, a]));
  const accounts: FinanceAccount[] = [...new Set([...refs, ...known.keys()])].map((id) => known.get(id) ?? { id, holder: null });
  if (accounts.length === 0) return <Empty>{t('finance.evidence.noAccounts')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="evidence-accounts">
        <caption className="sr-only">{t('finance.evidence.accounts')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('finance.account.id')}</th>
            <th scope="col">{t('finance.account.holder')}</th>
            <th scope="col">{t('finance.account.kind')}</th>
            <th scope="col">{t('finance.account.bank')}</th>
            <th scope="col">{t('finance.account.place')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id} data-testid="evidence-account" data-account={a.id}>
              <td><code dir="ltr">{a.id}</code>{a.customerId && <div className="muted small">{t('finance.account.customer')}: <code dir="ltr">{a.customerId}</code></div>}</td>
              <td>
                {a.holder ? (
                  <Link to={paths.entity(a.holder.id)} dir="auto" data-testid="account-holder">{a.holder.caption}</Link>
                ) : a.holderName ? <span dir="auto">{a.holderName}</span> : <span className="muted">{known.has(a.id) ? t('finance.account.unknownHolder') : t('finance.account.noKyc')}</span>}
                {a.holder?.victim && <> <span className="badge badge-sealed">{t('finance.account.victim')}</span></>}
              </td>
              <td>{!a.kind ? '—' : (ACCOUNT_KINDS as readonly string[]).includes(a.kind) ? t(`finance.accountKind.${a.kind}`) : <span dir="auto">{a.kind}</span>}{a.businessType && <div className="muted small" dir="auto">{a.businessType}</div>}</td>
              <td dir="auto">{a.bank ?? '—'}</td>
              <td dir="auto">{[a.city, a.country].filter(Boolean).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
