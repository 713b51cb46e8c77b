/**
 * One agreement: its terms in plain language, its approvals (and the Approve button), the signed
 * offer to hand to the partner, "Send a package" while it is active, "Send an MLA request" when
 * its purpose is legal assistance, prosecution or investigation, the packages sent and received
 * under it, and revocation.
 */
import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { downloadOffer, sharingApi } from '../../api/sharing.ts';
import { MLA_PURPOSES, type Agreement, type RevokeResult } from '../../api/sharing-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { HashText } from '../../components/HashText.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync, usePaged } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { saveFile } from '../../lib/save-file.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { AgreementState, ApprovalCount } from './AgreementBadges.tsx';
import { daysLeft, hasApproved, mayApprove, maySend } from './agreement-view.ts';
import { MlaRequestForm } from './MlaRequestForm.tsx';
import { PackagesTable } from './PackagesTable.tsx';
import { RevokeAgreement } from './RevokeAgreement.tsx';
import { SendPackage } from './SendPackage.tsx';
import { TermsSummary } from './TermsSummary.tsx';
import { useDirectory, useFormatDay } from './use-sharing.ts';

function Approvals({ agreement, onChange }: { agreement: Agreement; onChange: (next: Agreement) => void }) {
  const { t, formatDateTime } = useI18n();
  const { me, can } = useSession();
  const members = useAsync(() => api.getCase(agreement.caseId), [agreement.caseId]);
  const approve = useAction();
  const names = new Map((members.data?.members ?? []).map((m) => [m.userId, m.displayName || m.username]));
  const userId = me?.user.id ?? '';

  async function run(): Promise<void> {
    const next = await approve.run(() => sharingApi.approve(agreement.id));
    if (next) onChange(next);
  }

  return (
    <section className="card" aria-labelledby="approvals-title" data-testid="agreement-approvals-section">
      <div className="section-head">
        <h2 id="approvals-title">{t('sharing.approvals')}</h2>
        <ApprovalCount agreement={agreement} />
      </div>
      {agreement.approvals.length === 0 ? <p className="muted small">{t('sharing.approvals.none')}</p> : (
        <ul className="list compact" data-testid="approvals">
          {agreement.approvals.map((a) => (
            <li key={a.userId} className="list-item" data-testid="approval" data-user-id={a.userId}>
              <span dir="auto">{a.userId === userId ? t('sharing.approvals.you') : names.get(a.userId) ?? a.userId}</span>{' '}
              <span className="muted small">{formatDateTime(a.at)}</span>
            </li>
          ))}
        </ul>
      )}
      {agreement.status === 'draft' && <p className="hint">{t('sharing.approvals.needed')}</p>}
      {can('share:approve') && mayApprove(agreement, userId) && (
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={approve.busy} onClick={() => void run()} data-testid="agreement-approve">
            {t('sharing.approvals.approve')}
          </button>
        </div>
      )}
      {agreement.status === 'draft' && hasApproved(agreement, userId) && <p className="small ok-text" data-testid="approved-by-you">{t('sharing.approvals.youApproved')}</p>}
      <ErrorBox error={approve.error} />
    </section>
  );
}

function OfferDownload({ agreementId }: { agreementId: string }) {
  const { t } = useI18n();
  const offer = useAction();
  async function run(): Promise<void> {
    const file = await offer.run(() => downloadOffer(agreementId));
    if (file) saveFile(file.filename, file.blob, 'application/json');
  }
  return (
    <>
      <button type="button" className="btn" disabled={offer.busy} onClick={() => void run()} data-testid="offer-download">{t('sharing.offer.download')}</button>
      <ErrorBox error={offer.error} />
    </>
  );
}

/** "Send an MLA request", closed until asked for: the form is long */
function MlaSection({ agreement, onSent }: { agreement: Agreement; onSent: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  // once opened the form stays mounted, so closing it keeps what was typed
  const [opened, setOpened] = useState(false);
  return (
    <section className="card" aria-labelledby="mla-title" data-testid="mla-section">
      <div className="section-head">
        <h2 id="mla-title">{t('sharing.mla.title')}</h2>
        <button type="button" className="btn" aria-expanded={open} aria-controls="mla-form-box" onClick={() => { setOpen((o) => !o); setOpened(true); }} data-testid="mla-open">
          {open ? t('sharing.mla.close') : t('sharing.mla.open')}
        </button>
      </div>
      <div id="mla-form-box" hidden={!open}>
        {opened && <MlaRequestForm agreementId={agreement.id} caseId={agreement.caseId} evidenceAllowed={agreement.terms.evidence} onSent={onSent} />}
      </div>
    </section>
  );
}

function AgreementPackages({ agreementId, reload }: { agreementId: string; reload: number }) {
  const { t } = useI18n();
  const packages = usePaged((cursor) => sharingApi.packages({ agreementId, cursor }), [agreementId, reload]);
  const list = packages.data ?? [];
  return (
    <section aria-labelledby="packages-title" data-testid="agreement-packages">
      <h2 id="packages-title">{t('sharing.packages')}</h2>
      <ErrorBox error={packages.error} />
      {packages.loading && list.length === 0 ? <Loading /> : list.length === 0 && !packages.error ? <Empty>{t('sharing.packages.none')}</Empty> : (
        <PackagesTable packages={list} caption={t('sharing.packages')} />
      )}
      <LoadMore hasMore={packages.hasMore} loading={packages.loading} onClick={packages.loadMore} />
    </section>
  );
}

export function AgreementPage({ agreementId }: { agreementId: string }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const { can } = useSession();
  const directory = useDirectory();
  const formatDay = useFormatDay();
  const loaded = useAsync(() => sharingApi.agreement(agreementId), [agreementId]);
  const [updated, setUpdated] = useState<Agreement | null>(null);
  const [revoked, setRevoked] = useState<RevokeResult | null>(null);
  const [reload, setReload] = useState(0);
  const now = useMemo(() => new Date(), []);

  if (!loaded.data) return <div className="page">{loaded.error ? <ErrorBox error={loaded.error} /> : <Loading />}</div>;
  const a: Agreement = updated ?? loaded.data;
  const left = daysLeft(a.terms.validUntil, now);

  return (
    <div className="page sharing-page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb"><Link to={paths.sharing()}>{t('sharing.backToAgreements')}</Link></nav>
      <div className="page-head">
        <div>
          <h1 dir="auto" data-testid="agreement-heading">{a.title}</h1>
          <p className="sharing-meta">
            <AgreementState agreement={a} now={now} />{' '}
            <span>{t(`sharing.direction.${a.direction}`)}</span>
          </p>
        </div>
        {can('share:manage') && <div className="actions wrap"><OfferDownload agreementId={a.id} /></div>}
      </div>
      <dl className="dl-grid sharing-facts">
        <dt>{t('sharing.partner')}</dt><dd dir="auto">{directory.partnerName(a.partnerId)}</dd>
        <dt>{t('sharing.case')}</dt><dd><Link to={paths.case(a.caseId)} dir="auto">{directory.caseName(a.caseId)}</Link></dd>
        <dt>{t('sharing.agreement.validity')}</dt>
        <dd>{t('sharing.validRange', { from: formatDay(a.terms.validFrom), until: formatDay(a.terms.validUntil) })}
          {a.status !== 'revoked' && <> · {left < 0 ? t('sharing.daysLeft.expired') : t('sharing.daysLeft.count', { count: formatNumber(left) })}</>}</dd>
        <dt>{t('sharing.agreement.termsHash')}</dt><dd><HashText hash={a.termsSha256} testId="agreement-terms-hash" /></dd>
        {a.status === 'revoked' && (
          <>
            <dt>{t('sharing.agreement.revoked')}</dt>
            <dd data-testid="agreement-revoked" dir="auto">{formatDateTime(a.revokedAt)}{a.revokedReason ? ` · ${a.revokedReason}` : ''}</dd>
          </>
        )}
      </dl>
      {revoked && (
        <p className="alert alert-ok" role="status" data-testid="revoke-done">
          {revoked.revocationPackage ? t('sharing.revoke.doneSent') : t('sharing.revoke.done')}
        </p>
      )}
      <div className="two-col">
        <section className="card" aria-labelledby="terms-title">
          <h2 id="terms-title">{t('sharing.terms')}</h2>
          <TermsSummary terms={a.terms} />
        </section>
        <aside>
          <Approvals agreement={a} onChange={setUpdated} />
        </aside>
      </div>
      {can('share:send') && a.direction !== 'incoming' && (
        <section className="card" aria-labelledby="send-title">
          <h2 id="send-title">{t('sharing.send.title')}</h2>
          {maySend(a, now) ? <SendPackage agreementId={a.id} evidenceAllowed={a.terms.evidence} onSent={() => setReload((n) => n + 1)} />
            : <p className="muted" data-testid="send-unavailable">{t(a.status === 'draft' ? 'sharing.send.needsApproval' : 'sharing.send.unavailable')}</p>}
        </section>
      )}
      {can('share:send') && a.direction !== 'incoming' && maySend(a, now) && (MLA_PURPOSES as readonly string[]).includes(a.terms.purpose) && (
        <MlaSection agreement={a} onSent={() => setReload((n) => n + 1)} />
      )}
      <AgreementPackages agreementId={a.id} reload={reload} />
      {can('share:approve') && a.status !== 'revoked' && (
        <section aria-labelledby="revoke-title" className="sharing-danger-zone">
          <h2 id="revoke-title">{t('sharing.revoke.title')}</h2>
          <RevokeAgreement agreementId={a.id} onRevoked={(result) => { setRevoked(result); setUpdated(result.agreement); setReload((n) => n + 1); }} />
        </section>
      )}
    </div>
  );
}
