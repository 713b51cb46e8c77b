/** A case's evidence items: file, type (with a warning when the content is not what its name says), size, hash, collection and flags. */
import type { EvidenceItem } from '../../api/evidence-types.ts';
import { HashText } from '../../components/HashText.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatBytes } from '../../lib/format.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function EvidenceFlags({ item }: { item: EvidenceItem }) {
  const { t } = useI18n();
  return (
    <span className="flags">
      {item.sealed && <span className="badge badge-sealed" data-testid="flag-sealed">🔒 {t('evidence.flag.sealed')}</span>}
      {item.hold && <span className="badge badge-hold" data-testid="flag-hold">{t('evidence.flag.hold')}</span>}
      {item.mimeMismatch && (
        <span className="badge badge-warn" data-testid="flag-mime-mismatch"
          title={t('evidence.mimeMismatchHint', { declared: item.declaredMime ?? '—', detected: item.mime })}>
          ⚠ {t('evidence.flag.mimeMismatch')}
        </span>
      )}
      {item.origin !== 'staff' && <span className="badge">{t(`evidence.origin.${item.origin}`)}</span>}
    </span>
  );
}

export function EvidenceTable({ items }: { items: readonly EvidenceItem[] }) {
  const { t, locale, formatDateTime } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table evidence-table" data-testid="evidence-table">
        <thead>
          <tr>
            <th scope="col">{t('evidence.file')}</th>
            <th scope="col">{t('evidence.type')}</th>
            <th scope="col">{t('evidence.size')}</th>
            <th scope="col">SHA-256</th>
            <th scope="col">{t('evidence.collected')}</th>
            <th scope="col">{t('evidence.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="evidence-row" data-evidence-id={item.id}>
              <td className="break">
                <Link to={paths.evidence(item.id)} data-testid="evidence-link" dir="auto">{item.filename || item.id}</Link>
                {item.description && <p className="muted small clamp" dir="auto">{item.description}</p>}
              </td>
              <td><code dir="ltr">{item.mime}</code></td>
              <td className="nowrap num">{formatBytes(item.size, locale)}</td>
              <td className="nowrap"><HashText hash={item.sha256} testId="evidence-hash" /></td>
              <td className="small">
                {item.collectedAt ? formatDateTime(item.collectedAt) : '—'}
                {item.collectedBy && <div className="muted" dir="auto">{t('evidence.by', { name: item.collectedBy })}</div>}
              </td>
              <td><EvidenceFlags item={item} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
