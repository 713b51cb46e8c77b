/**
 * One designation as listed: its names by quality (original script marked), birth dates,
 * nationalities, documents and programme, then every entity the list gave for it.
 */
import type { ReactNode } from 'react';
import { listsApi } from '../../api/screening.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { entryView, type EntryView } from '../../lib/screening-view.ts';
import { useAsync } from '../../lib/use-async.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { useSchema } from '../../schema/SchemaProvider.tsx';

function Values({ values, testId, code }: { values: readonly string[]; testId: string; code?: string }) {
  const { model } = useSchema();
  const labels = code ? model?.types?.[code]?.values : undefined;
  if (values.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="values" data-testid={testId}>
      {values.map((v) => <li key={v} className="value" dir="auto">{labels?.[v] ? <>{labels[v]} <code className="muted small">{v}</code></> : v}</li>)}
    </ul>
  );
}

/** The designation's key facts, as a sanctions analyst reads them; used by the entry and alert pages. */
export function EntryFacts({ view }: { view: EntryView }) {
  const { t } = useI18n();
  const rows: Array<[string, ReactNode]> = [
    [t('entry.names'), (
      <ul className="values" data-testid="entry-names">
        {view.names.map((n) => (
          <li key={`${n.quality}-${n.value}`} className="value" data-quality={n.quality}>
            <span dir="auto" lang={n.script === 'Arabic' ? 'ar' : undefined} className="value-text">{n.value}</span>
            <span className="badge">{t(`entry.quality.${n.quality}`)}</span>
            {n.script && <> <span className="badge badge-kind">{t('entry.originalScript', { script: n.script })}</span></>}
          </li>
        ))}
      </ul>
    )],
    [t('entry.birthDates'), <Values values={view.birthDates} testId="entry-birthdates" />],
    [t('entry.birthPlaces'), <Values values={view.birthPlaces} testId="entry-birthplaces" />],
    [t('entry.nationalities'), <Values values={view.nationalities} testId="entry-nationalities" code="country" />],
    [t('entry.gender'), <Values values={view.gender} testId="entry-gender" />],
    [t('entry.documents'), <Values values={view.documents} testId="entry-documents" />],
    [t('entry.programme'), <Values values={view.programmes} testId="entry-programme" />],
    [t('entry.listed'), <Values values={view.listingDates} testId="entry-listed" />],
    [t('entry.authority'), <Values values={view.authorities} testId="entry-authority" />],
    [t('entry.addresses'), <Values values={view.addresses} testId="entry-addresses" />],
  ];
  return (
    <dl className="dl-grid entry-facts" data-testid="entry-facts">
      {rows.map(([label, value]) => <div key={label} className="dl-row"><dt>{label}</dt><dd>{value}</dd></div>)}
    </dl>
  );
}

export function ListEntryPage({ list, entry }: { list: string; entry: string }) {
  const { t } = useI18n();
  const { label } = useSchema();
  const data = useAsync(() => listsApi.entry(list, entry), [list, entry]);
  if (!data.data) return <div className="page">{data.error ? <ErrorBox error={data.error} /> : <Loading />}</div>;
  const e = data.data;
  const view = entryView(e);
  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb"><Link to={paths.lists()}>{t('nav.lists')}</Link></nav>
      <div className="page-head">
        <div>
          <h1 dir="auto" data-testid="entry-caption">{e.caption}</h1>
          <p className="muted"><span className="badge">{e.list}</span> <code dir="ltr" data-testid="entry-ref">{e.entry}</code>{' '}
            <span className="badge">{label(e.schema)}</span>{' · '}
            <Link to={paths.listVersion(e.firstVersionId)}>{t('entry.since')}</Link></p>
        </div>
      </div>
      <EntryFacts view={view} />
      {view.notes.length > 0 && (
        <section aria-labelledby="entry-notes-title">
          <h2 id="entry-notes-title">{t('entry.notes')}</h2>
          <ul className="values">{view.notes.map((n) => <li key={n} className="value small" dir="auto">{n}</li>)}</ul>
        </section>
      )}
      <section aria-labelledby="entry-entities-title">
        <h2 id="entry-entities-title">{t('entry.asListed')}</h2>
        {e.entities.map((x) => (
          <details key={x.id} className="card entry-entity">
            <summary><span className="badge">{label(x.schema)}</span> <code dir="ltr" className="small">{x.id}</code></summary>
            <table className="table props">
              <tbody>
                {Object.entries(x.properties).map(([prop, values]) => (
                  <tr key={prop}><th scope="row">{prop}</th><td><ul className="values">{values.map((v) => <li key={v} className="value" dir="auto">{v}</li>)}</ul></td></tr>
                ))}
              </tbody>
            </table>
          </details>
        ))}
      </section>
    </div>
  );
}
