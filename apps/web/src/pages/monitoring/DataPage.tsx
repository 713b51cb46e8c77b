/**
 * Outside data for the analyses: upload a file (HXL CSV, ACLED, HTCDS, GLOTIP workbook, boundary
 * GeoJSON), read what was imported and refused (each problem with its row), the data sets with
 * their removal, and a browser of GLOTIP values where a source's "<5" stays censored.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { monitoringApi } from '../../api/monitoring.ts';
import { DATASET_KINDS, type Dataset, type DatasetImport, type DatasetKind, type GlotipQuery } from '../../api/monitoring-types.ts';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatBytes } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import { useAsync } from '../../lib/use-async.ts';
import { countryName } from './labels.ts';
import { MonitoringNav } from './MonitoringNav.tsx';
import { formatNumber, shownGlotip } from './monitoring-view.ts';

function UploadPanel({ onImported }: { onImported: () => void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<DatasetKind | ''>('');
  const [result, setResult] = useState<DatasetImport | null>(null);
  const { busy, error, run } = useAction();
  const resultRef = useRef<HTMLDivElement>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!file) return;
    const done = await run(() => monitoringApi.importDataset(file, file.name, kind || undefined));
    if (done) {
      setResult(done);
      onImported();
      queueMicrotask(() => resultRef.current?.focus());
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('monitoring.data.uploadTitle')}</h2>
      <p className="muted small">{t('monitoring.data.uploadHint')}</p>
      <DropZone onFiles={(files) => { setFile(files[0] ?? null); setResult(null); }} multiple={false}
        title={t('monitoring.data.drop')} button={t('monitoring.data.choose')} accept=".csv,.txt,.xlsx,.json,.geojson" testId="monitoring-drop" />
      {file && <p data-testid="monitoring-file">{file.name} · {formatBytes(file.size, locale)}</p>}
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('monitoring.data.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as DatasetKind | '')}>
          <option value="">{t('monitoring.data.kindAuto')}</option>
          {DATASET_KINDS.map((k) => <option key={k} value={k}>{t(`monitoring.kind.${k}`)}</option>)}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!file || busy}>{busy ? t('monitoring.data.importing') : t('monitoring.data.import')}</button>
      </div>
      <ErrorBox error={error} testId="import-error" />
      {result && (
        <div ref={resultRef} tabIndex={-1} className={`alert ${result.problems.length ? 'alert-warn' : 'alert-ok'}`} role="status" data-testid="import-result">
          <strong>{t('monitoring.data.imported', { items: formatNumber(result.dataset.items, locale), problems: formatNumber(result.dataset.problems, locale) })}</strong>
          {result.notes.length > 0 && <ul>{result.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
          {result.problems.length > 0 && (
            <>
              <p>{t('monitoring.data.firstProblems', { count: result.problems.length })}</p>
              <ul className="monitoring-problems">
                {result.problems.map((p, i) => <li key={i}>{t('monitoring.data.row', { row: p.record })}: {p.message}</li>)}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}

function DatasetRow({ dataset, onDeleted }: { dataset: Dataset; onDeleted: () => void }) {
  const { t, locale } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  async function remove(): Promise<void> {
    const done = await run(async () => { await monitoringApi.deleteDataset(dataset.id); return true; });
    if (done) onDeleted();
  }
  return (
    <tr>
      <th scope="row">{dataset.fileName}<br /><code className="small muted" dir="ltr" title={dataset.sha256}>{dataset.sha256.slice(0, 12)}</code></th>
      <td>{t(`monitoring.kind.${dataset.kind}`)}</td>
      <td className="num">{formatNumber(dataset.items, locale)}</td>
      <td className="num">{formatNumber(dataset.problems, locale)}</td>
      <td className="small">{new Date(dataset.importedAt).toLocaleString(locale)} · {dataset.importedBy}</td>
      <td>
        {!confirming ? (
          <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => setConfirming(true)}
            aria-label={t('monitoring.data.deleteNamed', { name: dataset.fileName })}>{t('monitoring.data.delete')}</button>
        ) : (
          <span role="group" aria-label={t('monitoring.data.confirmDelete', { name: dataset.fileName })} className="monitoring-confirm">
            <span className="small">{t('monitoring.data.confirmDelete', { name: dataset.fileName })}</span>{' '}
            <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => void remove()}>{t('monitoring.data.confirm')}</button>{' '}
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>{t('monitoring.cancel')}</button>
          </span>
        )}
        <ErrorBox error={error} />
      </td>
    </tr>
  );
}

function GlotipBrowser({ version }: { version: number }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState({ country: '', indicator: '', from: '', to: '' });
  const [query, setQuery] = useState<GlotipQuery | null>(null);
  const values = useAsync(() => (query ? monitoringApi.glotip(query) : Promise.resolve({ values: [] })), [JSON.stringify(query), version]);
  const set = (k: keyof typeof draft, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('monitoring.glotip.title')}</h2>
      <p className="muted small">{t('monitoring.glotip.hint')}</p>
      <form className="monitoring-filter-grid" onSubmit={(e) => { e.preventDefault(); setQuery({ country: draft.country.trim().toUpperCase(), indicator: draft.indicator.trim(), from: draft.from, to: draft.to }); }}>
        <div className="field"><label htmlFor={`${id}-c`}>{t('monitoring.glotip.country')}</label>
          <input id={`${id}-c`} value={draft.country} onChange={(e) => set('country', e.target.value)} maxLength={2} dir="ltr" placeholder="XX" autoComplete="off" /></div>
        <div className="field"><label htmlFor={`${id}-i`}>{t('monitoring.glotip.indicator')}</label>
          <input id={`${id}-i`} value={draft.indicator} onChange={(e) => set('indicator', e.target.value)} autoComplete="off" /></div>
        <div className="field"><label htmlFor={`${id}-f`}>{t('monitoring.glotip.fromYear')}</label>
          <input id={`${id}-f`} type="number" inputMode="numeric" min={1990} max={2100} value={draft.from} onChange={(e) => set('from', e.target.value)} /></div>
        <div className="field"><label htmlFor={`${id}-t`}>{t('monitoring.glotip.toYear')}</label>
          <input id={`${id}-t`} type="number" inputMode="numeric" min={1990} max={2100} value={draft.to} onChange={(e) => set('to', e.target.value)} /></div>
        <div className="form-actions"><button type="submit" className="btn">{t('monitoring.glotip.show')}</button></div>
      </form>
      <ErrorBox error={values.error} />
      {query && (values.loading ? <Loading /> : (values.data?.values.length ?? 0) === 0 ? <Empty>{t('monitoring.glotip.empty')}</Empty> : (
        <div className="table-wrap">
          <table className="table" data-testid="glotip-table">
            <caption className="sr-only">{t('monitoring.glotip.title')}</caption>
            <thead><tr>
              <th scope="col">{t('monitoring.glotip.country')}</th><th scope="col">{t('monitoring.glotip.indicator')}</th>
              <th scope="col">{t('monitoring.glotip.dimension')}</th><th scope="col">{t('monitoring.glotip.sex')}</th>
              <th scope="col">{t('monitoring.glotip.age')}</th><th scope="col">{t('monitoring.glotip.year')}</th><th scope="col">{t('monitoring.glotip.value')}</th>
            </tr></thead>
            <tbody>
              {values.data!.values.map((v, i) => {
                const shown = shownGlotip(v, locale);
                return (
                  <tr key={i}>
                    <td>{countryName(v.country, locale)}</td><td>{v.indicator}</td><td>{v.dimension}{v.category ? ` · ${v.category}` : ''}</td>
                    <td>{v.sex}</td><td>{v.age}</td><td className="num">{v.year}</td>
                    <td className="num">
                      {shown.kind === 'value' ? shown.text
                        : shown.kind === 'censored' ? <span className="monitoring-censored" title={t('monitoring.glotip.censored', { below: shown.below })}>
                            <span aria-hidden="true" dir="ltr">{shown.text}</span><span className="sr-only">{t('monitoring.glotip.censored', { below: shown.below })}</span></span>
                        : <span className="muted" title={t('monitoring.glotip.missing')}>–<span className="sr-only">{t('monitoring.glotip.missing')}</span></span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

export function DataPage() {
  const { t } = useI18n();
  const id = useId();
  const datasets = useAsync(() => monitoringApi.datasets(), []);
  const [version, setVersion] = useState(0);
  const changed = () => { datasets.reload(); setVersion((v) => v + 1); };
  const list = datasets.data?.datasets ?? [];
  return (
    <div className="page monitoring-page">
      <h1>{t('monitoring.data.title')}</h1>
      <MonitoringNav current="data" />
      <div className="stack">
        <UploadPanel onImported={changed} />
        <section className="card" aria-labelledby={`${id}-ds`}>
          <h2 id={`${id}-ds`}>{t('monitoring.data.datasets')}</h2>
          <ErrorBox error={datasets.error} />
          {datasets.loading && !datasets.data ? <Loading /> : list.length === 0 ? <Empty>{t('monitoring.data.none')}</Empty> : (
            <div className="table-wrap">
              <table className="table" data-testid="dataset-table">
                <caption className="sr-only">{t('monitoring.data.datasets')}</caption>
                <thead><tr>
                  <th scope="col">{t('monitoring.data.file')}</th><th scope="col">{t('monitoring.data.kind')}</th>
                  <th scope="col">{t('monitoring.data.items')}</th><th scope="col">{t('monitoring.data.problems')}</th>
                  <th scope="col">{t('monitoring.data.importedAt')}</th><th scope="col"><span className="sr-only">{t('monitoring.data.actions')}</span></th>
                </tr></thead>
                <tbody>{list.map((d) => <DatasetRow key={d.id} dataset={d} onDeleted={changed} />)}</tbody>
              </table>
            </div>
          )}
        </section>
        <GlotipBrowser version={version} />
      </div>
    </div>
  );
}
