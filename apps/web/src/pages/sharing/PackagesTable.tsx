/**
 * Packages sent and received: direction, kind, sequence, when, status and, for a refused one, the
 * reason in a sentence; the counts of what it held (no personal data); a download of what we sent,
 * and for one we imported, a link to what it brought (its MLA request, bundles, alerts).
 */
import { useState } from 'react';
import { downloadPackage } from '../../api/sharing.ts';
import type { SharePackage } from '../../api/sharing-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { saveFile } from '../../lib/save-file.ts';
import { Link } from '../../router/router.tsx';
import { countsToShow } from './package-view.ts';
import { receivedPackagePath } from './received-view.ts';
import { useCountLabel } from './use-sharing.ts';

export function PackageCounts({ counts }: { counts: Readonly<Record<string, number>> }) {
  const { formatNumber } = useI18n();
  const label = useCountLabel();
  const entries = countsToShow(counts);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="sharing-counts">
      {entries.map(([key, n]) => (
        <li key={key} data-testid="package-count" data-count={key} data-value={n}>
          <span className="muted">{label(key)}</span> <strong className="num">{formatNumber(n)}</strong>
        </li>
      ))}
    </ul>
  );
}

export function PackagesTable({ packages, partnerName, caption }: {
  packages: readonly SharePackage[];
  partnerName?: (id: string | null) => string;
  caption: string;
}) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const { can } = useSession();
  const fetchFile = useAction();
  const [busyId, setBusyId] = useState<string | null>(null);

  async function save(id: string): Promise<void> {
    setBusyId(id);
    const file = await fetchFile.run(() => downloadPackage(id));
    setBusyId(null);
    if (file) saveFile(file.filename, file.blob, 'application/octet-stream');
  }

  return (
    <>
      <ErrorBox error={fetchFile.error} />
      <div className="table-wrap">
        <table className="table sharing-packages" data-testid="packages">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sharing.package.direction')}</th>
              <th scope="col">{t('sharing.package.sequence')}</th>
              {partnerName && <th scope="col">{t('sharing.partner')}</th>}
              <th scope="col">{t('sharing.package.at')}</th>
              <th scope="col">{t('sharing.package.status')}</th>
              <th scope="col">{t('sharing.package.counts')}</th>
              <th scope="col"><span className="sr-only">{t('sharing.package.file')}</span></th>
            </tr>
          </thead>
          <tbody>
            {packages.map((p) => (
              <tr key={`${p.direction}-${p.id}`} data-testid="package" data-package-id={p.id} data-status={p.status} data-direction={p.direction}>
                <td>
                  {t(`sharing.package.${p.direction}`)}
                  {p.kind !== 'data' && <> <span className="badge">{t(`sharing.package.kind.${p.kind}`)}</span></>}
                </td>
                <td className="num">{p.sequence > 0 ? formatNumber(p.sequence) : '—'}</td>
                {partnerName && <td dir="auto">{partnerName(p.partnerId)}</td>}
                <td className="nowrap">{formatDateTime(p.at)}</td>
                <td>
                  <span className={`badge sharing-package-${p.status}`}>{t(`sharing.package.status.${p.status}`)}</span>
                  {p.refusal && <p className="small danger" data-testid="package-refusal" data-reason={p.refusal}>{t(`sharing.refusal.${p.refusal}`)}</p>}
                </td>
                <td><PackageCounts counts={p.counts} /></td>
                <td>
                  {p.direction === 'outgoing' && can('share:send') && (
                    <button type="button" className="btn btn-small" disabled={busyId === p.id} onClick={() => void save(p.id)} data-testid="package-download">
                      {t('sharing.package.download')}
                    </button>
                  )}
                  {p.direction === 'incoming' && p.status === 'imported' && can('share:receive') && (
                    <Link to={receivedPackagePath(p.id)} state={{ package: p }} className="btn btn-small" data-testid="package-open">{t('sharing.package.open')}</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
