/**
 * Sharing, home: the agreements of the user's cases (title, partner, case, purpose, state with
 * approvals n of m, validity and days left), the way to a new agreement, and accepting a
 * partner's offer.
 */
import { useMemo } from 'react';
import { sharingApi } from '../../api/sharing.ts';
import type { Agreement } from '../../api/sharing-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { usePaged } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { AcceptOffer } from './AcceptOffer.tsx';
import { AgreementState, ApprovalCount } from './AgreementBadges.tsx';
import { daysLeft } from './agreement-view.ts';
import { SharingNav } from './SharingNav.tsx';
import { useDirectory, useFormatDay, type Directory } from './use-sharing.ts';

function DaysLeft({ agreement, now }: { agreement: Agreement; now: Date }) {
  const { t, formatNumber } = useI18n();
  if (agreement.status === 'revoked') return <span className="muted">—</span>;
  const left = daysLeft(agreement.terms.validUntil, now);
  return (
    <span className={left < 0 ? 'muted' : left <= 14 ? 'sharing-soon' : undefined} data-testid="agreement-days-left" data-days={left}>
      {left < 0 ? t('sharing.daysLeft.expired') : t('sharing.daysLeft.count', { count: formatNumber(left) })}
    </span>
  );
}

function AgreementTable({ agreements, directory, now }: { agreements: readonly Agreement[]; directory: Directory; now: Date }) {
  const { t } = useI18n();
  const formatDay = useFormatDay();
  return (
    <div className="table-wrap">
      <table className="table sharing-agreements" data-testid="agreements">
        <caption className="sr-only">{t('sharing.agreements')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sharing.agreement.title')}</th>
            <th scope="col">{t('sharing.partner')}</th>
            <th scope="col">{t('sharing.case')}</th>
            <th scope="col">{t('sharing.purpose')}</th>
            <th scope="col">{t('sharing.agreement.status')}</th>
            <th scope="col">{t('sharing.agreement.validity')}</th>
            <th scope="col">{t('sharing.agreement.daysLeft')}</th>
          </tr>
        </thead>
        <tbody>
          {agreements.map((a) => (
            <tr key={a.id} data-testid="agreement" data-agreement-id={a.id} data-status={a.status}>
              <td className="break"><Link to={paths.sharingAgreement(a.id)} dir="auto" data-testid="agreement-link">{a.title}</Link></td>
              <td dir="auto">{directory.partnerName(a.partnerId)}</td>
              <td dir="auto">{directory.caseName(a.caseId)}</td>
              <td>{t(`sharing.purpose.${a.terms.purpose}`)}</td>
              <td className="sharing-status-cell"><AgreementState agreement={a} now={now} /> <ApprovalCount agreement={a} /></td>
              <td className="nowrap small">{t('sharing.validRange', { from: formatDay(a.terms.validFrom), until: formatDay(a.terms.validUntil) })}</td>
              <td><DaysLeft agreement={a} now={now} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgreementsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const directory = useDirectory();
  const agreements = usePaged((cursor) => sharingApi.agreements({ cursor }), []);
  const now = useMemo(() => new Date(), []);
  const list = agreements.data ?? [];
  return (
    <div className="page sharing-page">
      <div className="page-head">
        <div>
          <h1>{t('sharing.title')}</h1>
          <p className="muted">{t('sharing.intro')}</p>
        </div>
        {can('share:manage') && (
          <div className="actions">
            <Link to={paths.sharingNewAgreement()} className="btn btn-primary" data-testid="new-agreement">{t('sharing.newAgreement')}</Link>
          </div>
        )}
      </div>
      <SharingNav current="agreements" />
      <ErrorBox error={agreements.error ?? directory.error} />
      {agreements.loading && list.length === 0 ? <Loading /> : list.length === 0 && !agreements.error ? <Empty>{t('sharing.noAgreements')}</Empty> : (
        <AgreementTable agreements={list} directory={directory} now={now} />
      )}
      <LoadMore hasMore={agreements.hasMore} loading={agreements.loading} onClick={agreements.loadMore} />
      {can('share:manage') && (
        <section className="card" aria-labelledby="accept-offer-title">
          <h2 id="accept-offer-title">{t('sharing.offer.title')}</h2>
          <AcceptOffer cases={directory.cases} />
        </section>
      )}
    </div>
  );
}
