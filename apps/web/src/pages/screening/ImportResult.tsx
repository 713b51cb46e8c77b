/** What an import did: the version it made (or that nothing changed), its delta and the first refused records. */
import type { ListImport, RecordError } from '../../api/screening-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function RecordErrors({ errors, total, testId = 'record-errors' }: { errors: readonly RecordError[]; total?: number; testId?: string }) {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  return (
    <div data-testid={testId}>
      <ul className="record-errors">
        {errors.map((e, i) => (
          <li key={`${e.record}-${i}`}><code dir="ltr">{e.record}</code>: <span dir="auto">{e.message}</span></li>
        ))}
      </ul>
      {total !== undefined && total > errors.length && <p className="muted small">{t('lists.moreErrors', { count: total - errors.length })}</p>}
    </div>
  );
}

export function ImportResult({ result }: { result: ListImport }) {
  const { t, formatNumber } = useI18n();
  const v = result.version;
  return (
    <div className={`alert ${result.errorCount ? 'alert-warn' : 'alert-ok'}`} role="status" data-testid="import-result">
      <p>
        <strong>{result.unchanged ? t('lists.unchanged', { list: v.list }) : t('lists.importedVersion', { list: v.list })}</strong>{' '}
        <Link to={paths.listVersion(v.id)} data-testid="import-version-link">{t('lists.openVersion')}</Link>
      </p>
      <p data-testid="import-delta">
        {t('lists.deltaSummary', { entries: formatNumber(v.entries), added: formatNumber(v.added), removed: formatNumber(v.removed), changed: formatNumber(v.changed) })}
      </p>
      {result.carriedForward > 0 && <p className="small">{t('lists.carriedForward', { count: formatNumber(result.carriedForward) })}</p>}
      {result.errorCount > 0 && (
        <>
          <p data-testid="import-error-count">{t('lists.refused', { count: formatNumber(result.errorCount) })}</p>
          <RecordErrors errors={result.errors.slice(0, 10)} total={result.errorCount} testId="import-errors" />
        </>
      )}
    </div>
  );
}
