/** What an import did: stored transactions and accounts, the refused records with their line, and the new alerts. */
import type { Ref } from 'react';
import type { FinanceImport, FinanceRecordError } from '../../api/finance-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function RefusedRecords({ errors, total, csv }: { errors: readonly FinanceRecordError[]; total: number; csv: boolean }) {
  const { t, formatNumber } = useI18n();
  if (errors.length === 0) return null;
  return (
    <div>
      <ul className="record-errors" data-testid="import-errors">
        {errors.map((e, i) => (
          <li key={`${e.record}-${i}`} data-testid="import-error" data-record={e.record}>
            <strong>{csv ? t('finance.import.line', { line: e.record }) : t('finance.import.record', { record: e.record })}</strong>
            {e.field && <> · <code dir="ltr">{e.field}</code></>}: <span dir="auto">{e.message}</span>
          </li>
        ))}
      </ul>
      {total > errors.length && <p className="muted small">{t('finance.import.moreErrors', { count: formatNumber(total - errors.length) })}</p>}
    </div>
  );
}

/** `ref` receives the box, so the panel can move focus to it once the import is done. */
export function ImportSummary({ result, ref }: { result: FinanceImport; ref?: Ref<HTMLDivElement> }) {
  const { t, formatNumber } = useI18n();
  const d = result.dataset;
  return (
    <div ref={ref} tabIndex={-1} className={`alert ${result.errorCount ? 'alert-warn' : 'alert-ok'}`} role="status" data-testid="import-result">
      {result.unchanged ? (
        <p><strong>{t('finance.import.unchanged')}</strong></p>
      ) : (
        <p data-testid="import-stored">
          <strong>{t('finance.import.stored', { count: formatNumber(result.stored), accounts: formatNumber(result.accounts) })}</strong>
        </p>
      )}
      {result.errorCount > 0 && (
        <>
          <p data-testid="import-error-count">{t('finance.import.refused', { count: formatNumber(result.errorCount) })}</p>
          <RefusedRecords errors={result.errors} total={result.errorCount} csv={d.format === 'csv' || d.format === 'kyc'} />
        </>
      )}
      {!result.unchanged && (
        <p data-testid="import-new-alerts">
          {t('finance.import.newAlerts', { count: formatNumber(result.newAlerts) })}{' '}
          {result.newAlerts > 0 && (
            <Link to={paths.financeAlerts()} state={{ caseId: d.caseId, status: 'open' }} data-testid="import-alerts-link">{t('finance.import.openQueue')}</Link>
          )}
        </p>
      )}
    </div>
  );
}
