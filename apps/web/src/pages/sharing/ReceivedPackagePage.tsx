/**
 * What one imported package brought: its counts, the case it was written into and its agreement;
 * for an MLA request its cover documents (opened in a new tab: the server serves them as pages
 * that may run no script and may not be framed) and a summary of the request; the evidence
 * bundles with their SHA-256, a download, and how each verified on receipt (against the partner's
 * published ledger key, or only the key it carries, with that key's fingerprint); other members kept; and the alerts when the server
 * exposes them (pattern, score, explanation, subjects linking to their entity pages).
 */
import { useState } from 'react';
import { downloadReceivedFile, receivedFileUrl, sharingApi } from '../../api/sharing.ts';
import type { SharePackage } from '../../api/sharing-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { saveFile } from '../../lib/save-file.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { MlaRequestSummary } from './MlaRequestSummary.tsx';
import { PackageCounts } from './PackagesTable.tsx';
import { alertRows, bundleVerification, coverDocuments, evidenceRows, hasAlerts, otherMembers, type BundleVerificationView } from './received-view.ts';
import { useDirectory } from './use-sharing.ts';

/** the package record: the one handed over by the page that linked here, else looked up among those received */
async function findPackage(packageId: string, given: SharePackage | null): Promise<SharePackage | null> {
  if (given?.id === packageId) return given;
  let cursor: string | null = null;
  for (let page = 0; page < 5; page += 1) {
    const found = await sharingApi.packages({ direction: 'incoming', cursor, limit: 200 });
    const hit = found.items.find((p) => p.id === packageId);
    if (hit) return hit;
    if (!found.next) return null;
    cursor = found.next;
  }
  return null;
}

function Hash({ hash }: { hash: string }) {
  return <code dir="ltr" className="mla-hash" data-testid="received-sha256">{hash}</code>;
}

/** a bundle checked against the partner's key reads as verified; against its own key, as a caution; unchecked, muted */
const VERIFICATION_BADGE: Readonly<Record<BundleVerificationView['state'], string>> = { partner: 'badge-open', bundle: 'badge-archived', unchecked: 'badge-closed' };

function BundleVerification({ check }: { check: BundleVerificationView }) {
  const { t } = useI18n();
  return (
    <p className="small" data-testid="received-bundle-verification" data-state={check.state}>
      <span className={`badge ${VERIFICATION_BADGE[check.state]}`}>{t(check.message)}</span>
      {check.fingerprint && (
        <><br /><span className="muted">{t('sharing.received.keyFingerprint')} </span><code dir="ltr" className="mla-hash" data-testid="received-bundle-key">{check.fingerprint}</code></>
      )}
    </p>
  );
}

export function ReceivedPackagePage({ packageId, given }: { packageId: string; given: SharePackage | null }) {
  const { t, locale, formatNumber, formatDateTime } = useI18n();
  const directory = useDirectory();
  const pkg = useAsync(() => findPackage(packageId, given), [packageId]);
  const received = useAsync(() => sharingApi.received(packageId), [packageId]);
  const withAlerts = received.data ? hasAlerts(received.data.members) : false;
  const sharedAlerts = useAsync(() => (withAlerts ? sharingApi.receivedAlerts(packageId) : Promise.resolve({ alerts: [] })), [packageId, withAlerts]);
  const fetching = useAction();
  const [busyPath, setBusyPath] = useState<string | null>(null);

  async function save(path: string): Promise<void> {
    setBusyPath(path);
    const file = await fetching.run(() => downloadReceivedFile(packageId, path));
    setBusyPath(null);
    if (file) saveFile(file.filename, file.blob, file.blob.type || 'application/octet-stream');
  }

  const p = pkg.data ?? null;
  const r = received.data;
  const covers = r ? coverDocuments(r.members, locale) : [];
  const bundles = r ? evidenceRows(r) : [];
  const others = r ? otherMembers(r.members) : [];
  const alerts = alertRows(sharedAlerts.data?.alerts);

  return (
    <div className="page sharing-page" data-testid="received-package" data-package-id={packageId}>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb"><Link to={paths.sharingIncoming()}>{t('sharing.received.back')}</Link></nav>
      <h1>{t('sharing.received.title')}</h1>
      <ErrorBox error={pkg.error} />
      {p && (
        <dl className="dl-grid sharing-facts" data-testid="received-facts">
          <dt>{t('sharing.package.kind')}</dt><dd>{t(`sharing.package.kind.${p.kind}`)}</dd>
          <dt>{t('sharing.partner')}</dt><dd><bdi>{directory.partnerName(p.partnerId)}</bdi></dd>
          <dt>{t('sharing.package.at')}</dt><dd>{formatDateTime(p.at)}</dd>
          {p.sequence > 0 && <><dt>{t('sharing.package.sequence')}</dt><dd>{formatNumber(p.sequence)}</dd></>}
          {p.caseId && <><dt>{t('sharing.case')}</dt><dd><Link to={paths.case(p.caseId)} dir="auto" data-testid="received-case-link">{directory.caseName(p.caseId)}</Link></dd></>}
          {p.agreementId && <><dt>{t('sharing.received.agreement')}</dt><dd><Link to={paths.sharingAgreement(p.agreementId)}>{t('sharing.import.agreement')}</Link></dd></>}
          <dt>{t('sharing.package.counts')}</dt><dd><PackageCounts counts={p.counts} /></dd>
          {p.purgedAt && <><dt>{t('sharing.received.purged')}</dt><dd>{formatDateTime(p.purgedAt)}</dd></>}
        </dl>
      )}
      <ErrorBox error={received.error} />
      <ErrorBox error={fetching.error} />
      <ErrorBox error={sharedAlerts.error} />
      {received.loading && !r && <Loading />}
      {r && r.members.length === 0 && <p className="muted" data-testid="received-empty">{t('sharing.received.nothingKept')}</p>}
      {r?.mla && (
        <section className="card" aria-labelledby="received-mla-title" data-testid="received-mla">
          <h2 id="received-mla-title">{t(`sharing.mla.kind.${r.mla.kind}`)}</h2>
          {covers.length > 0 && (
            <div className="mla-covers">
              <p className="small muted">{t('sharing.received.coverIntro')}</p>
              <ul className="mla-plain-list inline">
                {covers.map((c) => (
                  <li key={c.path}>
                    <a href={receivedFileUrl(packageId, c.path)} target="_blank" rel="noopener noreferrer" className="btn btn-small" data-testid="mla-cover-link" data-locale={c.locale}>
                      {t('sharing.received.openCover', { language: t(`sharing.received.language.${c.locale || 'other'}`) })}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <MlaRequestSummary request={r.mla} />
        </section>
      )}
      {bundles.length > 0 && (
        <section aria-labelledby="received-bundles-title" data-testid="received-bundles">
          <h2 id="received-bundles-title">{t('sharing.received.bundles')}</h2>
          <ul className="list">
            {bundles.map(({ member, entry }) => (
              <li key={member.path} className="list-item" data-testid="received-bundle" data-path={member.path}>
                <div className="mla-item-head">
                  <code dir="ltr">{member.path}</code>
                  <button type="button" className="btn btn-small" disabled={busyPath === member.path} onClick={() => void save(member.path)} data-testid="received-bundle-download">
                    {t('sharing.package.download')}
                  </button>
                </div>
                <p className="small"><span className="muted">SHA-256 </span><Hash hash={member.sha256} /></p>
                <BundleVerification check={bundleVerification(member)} />
                <p className="small muted">
                  {t('sharing.received.bytes', { count: formatNumber(member.bytes) })}
                  {entry && <> · {t('sharing.received.items', { count: formatNumber(entry.items) })}</>}
                  {entry?.checkpoint && <> · <span dir="ltr">{entry.checkpoint.origin} #{entry.checkpoint.treeSize}</span></>}
                </p>
              </li>
            ))}
          </ul>
          <p className="hint">{t('sharing.received.verifyHint')}</p>
        </section>
      )}
      {alerts.length > 0 && (
        <section aria-labelledby="received-alerts-title" data-testid="received-alerts">
          <h2 id="received-alerts-title">{t('sharing.received.alerts')}</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('sharing.received.alertPattern')}</th><th scope="col">{t('sharing.received.alertScore')}</th>
                  <th scope="col">{t('sharing.received.alertExplanation')}</th><th scope="col">{t('sharing.received.alertSubjects')}</th>
                </tr>
              </thead>
              <tbody>
                {alerts.map((a) => (
                  <tr key={a.key} data-testid="received-alert">
                    <td><bdi>{a.pattern || '—'}</bdi>{a.kind && <> <span className="badge">{t(`sharing.received.alertKind.${a.kind}`)}</span></>}</td>
                    <td className="num">{a.score === null ? '—' : formatNumber(a.score)}</td>
                    <td dir="auto">{a.explanation || '—'}</td>
                    <td>{a.subjects.length === 0 ? '—' : a.subjects.map((s, i) => (
                      <span key={s.id}>{i > 0 && ', '}<Link to={paths.entity(s.id)} data-testid="received-alert-subject">{s.caption === s.id ? <code dir="ltr">{s.id}</code> : <bdi>{s.caption}</bdi>}</Link></span>
                    ))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {others.length > 0 && (
        <section aria-labelledby="received-others-title" data-testid="received-others">
          <h2 id="received-others-title">{t('sharing.received.otherMembers')}</h2>
          <ul className="list compact">
            {others.map((m) => (
              <li key={m.path} className="list-item" data-testid="received-member" data-role={m.role}>
                <code dir="ltr">{m.path}</code> <span className="badge">{m.role}</span>{' '}
                <span className="small muted">{t('sharing.received.bytes', { count: formatNumber(m.bytes) })}</span>
                <br /><Hash hash={m.sha256} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
