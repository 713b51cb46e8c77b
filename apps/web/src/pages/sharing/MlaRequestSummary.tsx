/**
 * A received MLA request, summarised for the people who decide on it: reference, kind, date and
 * urgency, the two authorities, legal basis, offences, persons concerned (a victim by pseudonym
 * only, shown left to right as a code), the measures asked with their link to the facts, the
 * summary of facts, execution procedures and contact. The cover documents hold it in full.
 * Every value is the partner's text: isolated (`<bdi>`, `dir="auto"`) and never rendered as HTML.
 */
import type { MlaRequest } from '../../api/sharing-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { roleKey } from './mla-form.ts';
import { isPseudonym } from './received-view.ts';
import { useFormatDay } from './use-sharing.ts';

function Name({ name }: { name: string }) {
  return isPseudonym(name) ? <code dir="ltr">{name}</code> : <bdi>{name}</bdi>;
}

function Authority({ a }: { a: MlaRequest['requestingAuthority'] }) {
  return (
    <>
      <bdi>{a.name}</bdi> (<bdi dir="ltr">{a.country}</bdi>)
      <span className="small muted mla-pre mla-block" dir="auto">{a.address}</span>
      <span className="small mla-block" dir="auto">{a.contactRole}</span>
    </>
  );
}

export function MlaRequestSummary({ request }: { request: MlaRequest }) {
  const { t } = useI18n();
  const formatDay = useFormatDay();
  const names = new Map(request.subjects.map((s) => [s.entityId, s.name]));
  return (
    <div className="mla-summary" data-testid="mla-summary">
      <dl className="dl-grid">
        <dt>{t('sharing.mla.reference')}</dt><dd><span dir="ltr" data-testid="mla-summary-reference">{request.reference}</span></dd>
        <dt>{t('sharing.mla.kind')}</dt><dd>{t(`sharing.mla.kind.${request.kind}`)}</dd>
        <dt>{t('sharing.mla.date')}</dt><dd>{formatDay(request.date)}</dd>
        <dt>{t('sharing.mla.urgency')}</dt>
        <dd>
          <span className={request.urgency.level === 'urgent' ? 'badge sharing-state-draft' : 'badge'}>{t(`sharing.mla.urgency.${request.urgency.level}`)}</span>
          {request.urgency.reason && <> <bdi>{request.urgency.reason}</bdi></>}
        </dd>
        <dt>{t('sharing.mla.section.requesting')}</dt><dd><Authority a={request.requestingAuthority} /></dd>
        <dt>{t('sharing.mla.section.requested')}</dt><dd><Authority a={request.requestedAuthority} /></dd>
        <dt>{t('sharing.mla.confidentiality')}</dt><dd dir="auto" className="mla-pre">{request.confidentiality}</dd>
        <dt>{t('sharing.mla.legalBasis')}</dt>
        <dd><ul className="mla-plain-list">{request.legalBasis.map((b) => <li key={b}><bdi>{b}</bdi></li>)}</ul></dd>
        <dt>{t('sharing.mla.section.offences')}</dt>
        <dd>
          <ul className="mla-plain-list">
            {request.offences.map((o, i) => (
              <li key={i}>
                <strong><bdi>{o.name}</bdi></strong>
                {o.form && <> <span className="badge">{t(`sharing.mla.form.${o.form}`)}</span></>}
                <span className="mla-block small" dir="auto">{o.legalProvision}</span>
                <span className="mla-block small muted" dir="auto">{o.maximumPenalty}</span>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <h3 className="small-head">{t('sharing.mla.section.subjects')}</h3>
      {request.subjects.length === 0 ? <p className="muted small">—</p> : (
        <div className="table-wrap">
          <table className="table" data-testid="mla-summary-subjects">
            <thead><tr><th scope="col">{t('sharing.mla.subject.name')}</th><th scope="col">{t('sharing.mla.subject.role')}</th><th scope="col">{t('sharing.mla.subject.nationality')}</th></tr></thead>
            <tbody>
              {request.subjects.map((s) => (
                <tr key={s.entityId} data-testid="mla-summary-subject">
                  <td><Name name={s.name} />{s.aliases.length > 0 && <span className="small muted"> (<bdi>{s.aliases.join(', ')}</bdi>)</span>}</td>
                  <td>{t(`sharing.mla.role.${roleKey(s.role)}`)}</td>
                  <td dir="ltr">{s.nationality ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="small-head">{t('sharing.mla.section.measures')}</h3>
      <ol className="mla-measures-list" data-testid="mla-summary-measures">
        {request.measures.map((m, i) => (
          <li key={i}>
            <strong>{t(`sharing.mla.measureKind.${m.kind}`)}</strong>
            <p dir="auto" className="mla-pre">{m.description}</p>
            <p className="small"><span className="muted">{t('sharing.mla.measure.linkToFacts')}: </span><bdi>{m.linkToFacts}</bdi></p>
            {m.subjects.length > 0 && (
              <p className="small"><span className="muted">{t('sharing.mla.measure.subjects')}: </span>
                {m.subjects.map((id, j) => <span key={id}>{j > 0 && ', '}<Name name={names.get(id) ?? id} /></span>)}</p>
            )}
          </li>
        ))}
      </ol>
      <details className="mla-facts">
        <summary>{t('sharing.mla.section.facts')}</summary>
        <p dir="auto" className="mla-pre">{request.summaryOfFacts}</p>
      </details>
      <dl className="dl-grid">
        <dt>{t('sharing.mla.executionProcedures')}</dt><dd dir="auto" className="mla-pre">{request.executionProcedures}</dd>
        <dt>{t('sharing.mla.contactOffice')}</dt><dd><bdi>{request.contact.office}</bdi><span dir="auto" className="mla-pre mla-block">{request.contact.channel}</span></dd>
      </dl>
    </div>
  );
}
