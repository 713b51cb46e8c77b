/**
 * Compose a report from released tables only (thematic or country profile, in English, French or
 * Arabic, optionally quoting GLOTIP for a country), and list the reports with their HTML (new
 * tab) and PDF links.
 */
import { useId, useState, type FormEvent } from 'react';
import { monitoringApi, reportHtmlUrl, reportPdfUrl } from '../../api/monitoring.ts';
import { REPORT_LANGUAGES, type ReleaseSummary, type ReportInput, type ReportKind, type ReportLanguage, type ReportSummary } from '../../api/monitoring-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty } from '../../components/Status.tsx';
import { LOCALE_NAMES } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { parseCountryCodes, reportErrors, toggle, type FormErrors } from './monitoring-view.ts';

export function ReportForm({ releases, onCreated }: { releases: readonly ReleaseSummary[]; onCreated: () => void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [kind, setKind] = useState<ReportKind>('thematic');
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [country, setCountry] = useState('');
  const [language, setLanguage] = useState<ReportLanguage>(locale as ReportLanguage);
  const [chosen, setChosen] = useState<string[]>([]);
  const [quote, setQuote] = useState(false);
  const [years, setYears] = useState({ from: '', to: '' });
  const [errors, setErrors] = useState<FormErrors>({});
  const [created, setCreated] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const draft = { kind, title, from, to, country, releases: chosen, quote, fromYear: years.from, toYear: years.to };
    const found = reportErrors(draft);
    setErrors(found);
    setCreated(null);
    if (Object.keys(found).length) return;
    const code = parseCountryCodes(country).codes[0];
    const input: ReportInput = {
      kind, title: title.trim(), from, to, language, releases: chosen,
      ...(code ? { country: code } : {}),
      ...(quote && code ? { glotip: { country: code, fromYear: Number(years.from), toYear: Number(years.to) } } : {}),
    };
    const done = await run(() => monitoringApi.createReport(input));
    if (done) {
      setCreated(done.report.title);
      onCreated();
    }
  }

  const err = (name: string) => errors[name] && <p className="field-error" id={`${id}-${name}-e`}>{t(errors[name])}</p>;
  const inv = (name: string) => ({ 'aria-invalid': !!errors[name], 'aria-describedby': errors[name] ? `${id}-${name}-e` : undefined });

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>{t('monitoring.report.formTitle')}</h2>
      <p className="muted small">{t('monitoring.report.hint')}</p>
      <fieldset className="field">
        <legend>{t('monitoring.report.kind')}</legend>
        {(['thematic', 'country'] as const).map((k) => (
          <label key={k} className="check"><input type="radio" name={`${id}-kind`} checked={kind === k} onChange={() => setKind(k)} /> {t(`monitoring.report.kind.${k}`)}</label>
        ))}
      </fieldset>
      <div className="monitoring-filter-grid">
        <div className="field"><label htmlFor={`${id}-title`}>{t('monitoring.report.title')}</label>
          <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} autoComplete="off" {...inv('title')} />{err('title')}</div>
        <div className="field"><label htmlFor={`${id}-lang`}>{t('monitoring.report.language')}</label>
          <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value as ReportLanguage)}>
            {REPORT_LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
          </select></div>
        <div className="field"><label htmlFor={`${id}-from`}>{t('monitoring.filters.from')}</label>
          <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} {...inv('from')} />{err('from')}</div>
        <div className="field"><label htmlFor={`${id}-to`}>{t('monitoring.filters.to')}</label>
          <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} {...inv('to')} />{err('to')}</div>
        <div className="field"><label htmlFor={`${id}-country`}>{t('monitoring.report.country')}</label>
          <input id={`${id}-country`} value={country} onChange={(e) => setCountry(e.target.value)} maxLength={2} dir="ltr" placeholder="XX" autoComplete="off" {...inv('country')} />{err('country')}</div>
      </div>
      <fieldset className="field" aria-describedby={errors.releases ? `${id}-releases-e` : undefined}>
        <legend>{t('monitoring.report.releases')}</legend>
        {releases.length === 0 ? <p className="muted small">{t('monitoring.report.noReleases')}</p> : releases.map((r) => (
          <label key={r.id} className="check">
            <input type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => setChosen((c) => toggle(c, r.id, e.target.checked))} /> {r.title}
          </label>
        ))}
        {err('releases')}
      </fieldset>
      <fieldset className="field">
        <legend>{t('monitoring.report.glotip')}</legend>
        <label className="check"><input type="checkbox" checked={quote} onChange={(e) => setQuote(e.target.checked)} /> {t('monitoring.report.quoteGlotip')}</label>
        {quote && (
          <div className="monitoring-filter-grid">
            <div className="field"><label htmlFor={`${id}-fy`}>{t('monitoring.glotip.fromYear')}</label>
              <input id={`${id}-fy`} type="number" inputMode="numeric" value={years.from} onChange={(e) => setYears((y) => ({ ...y, from: e.target.value }))} {...inv('fromYear')} />{err('fromYear')}</div>
            <div className="field"><label htmlFor={`${id}-ty`}>{t('monitoring.glotip.toYear')}</label>
              <input id={`${id}-ty`} type="number" inputMode="numeric" value={years.to} onChange={(e) => setYears((y) => ({ ...y, to: e.target.value }))} {...inv('toYear')} />{err('toYear')}</div>
          </div>
        )}
      </fieldset>
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={busy}>{t('monitoring.report.submit')}</button></div>
      <ErrorBox error={error} testId="report-error" />
      {created && <p className="alert alert-ok" role="status">{t('monitoring.report.created', { title: created })}</p>}
    </form>
  );
}

export function ReportList({ reports }: { reports: readonly ReportSummary[] }) {
  const { t, locale } = useI18n();
  if (reports.length === 0) return <Empty>{t('monitoring.report.none')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="report-table">
        <caption className="sr-only">{t('monitoring.report.listTitle')}</caption>
        <thead><tr>
          <th scope="col">{t('monitoring.report.title')}</th><th scope="col">{t('monitoring.report.kind')}</th>
          <th scope="col">{t('monitoring.report.language')}</th><th scope="col">{t('monitoring.report.createdAt')}</th>
          <th scope="col"><span className="sr-only">{t('monitoring.data.actions')}</span></th>
        </tr></thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.title}</th>
              <td>{t(`monitoring.report.kind.${r.kind}`)}</td>
              <td>{LOCALE_NAMES[r.language] ?? r.language}</td>
              <td className="small">{new Date(r.createdAt).toLocaleString(locale)}</td>
              <td className="monitoring-actions">
                <a className="btn btn-small" href={reportHtmlUrl(r.id)} target="_blank" rel="noopener noreferrer"
                  aria-label={t('monitoring.report.openHtmlNamed', { title: r.title })}>{t('monitoring.report.openHtml')}</a>{' '}
                <a className="btn btn-small" href={reportPdfUrl(r.id)} download
                  aria-label={t('monitoring.report.pdfNamed', { title: r.title })}>{t('monitoring.report.pdf')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
