/**
 * Privacy-preserving record linkage: each party encodes its records into a CLK file with
 * `npx ariadne link encode` (Bloom-filter encodings under a secret the two agreed for this one
 * linkage); here the two files are matched. Only the matched pairs of random tokens come back,
 * never the scores, and each party maps its own tokens back to its records. Past runs are listed
 * with their counts.
 */
import { useRef, useState, type FormEvent } from 'react';
import { sharingApi } from '../../api/sharing.ts';
import type { LinkageResult } from '../../api/sharing-types.ts';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { usePaged } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { formatBytes } from '../../lib/format.ts';
import { saveFile } from '../../lib/save-file.ts';
import { pairsCsv, readTextFile } from './share-files.ts';
import { SharingNav } from './SharingNav.tsx';
import { useDirectory } from './use-sharing.ts';

/** CLK files of a few hundred thousand records fit; beyond, use the CLI */
export const MAX_CLK_BYTES = 200 * 1024 * 1024;
const DEFAULT_THRESHOLD = '0.8';

interface Side {
  readonly name: string;
  readonly size: number;
  readonly text: string;
}

function ClkDrop({ side, value, onChange }: { side: 'a' | 'b'; value: Side | null; onChange: (next: Side | null) => void }) {
  const { t, locale } = useI18n();
  const [tooLarge, setTooLarge] = useState(false);
  async function take(files: File[]): Promise<void> {
    const file = files[0];
    if (!file) return;
    const text = await readTextFile(file, MAX_CLK_BYTES);
    setTooLarge(text === null);
    onChange(text === null ? null : { name: file.name, size: file.size, text });
  }
  return (
    <div className="sharing-clk" data-testid={`clk-${side}`}>
      <DropZone onFiles={(files) => void take(files)} multiple={false} title={t(`sharing.linkage.side.${side}`)}
        button={t('sharing.linkage.choose')} testId={`clk-${side}-drop`} />
      {value && <p className="small" data-testid={`clk-${side}-file`}><span dir="auto">{value.name}</span> · {formatBytes(value.size, locale)}</p>}
      {tooLarge && <p className="field-error" role="alert">{t('sharing.linkage.tooLarge')}</p>}
    </div>
  );
}

function LinkageOutcome({ result }: { result: LinkageResult }) {
  const { t, formatNumber } = useI18n();
  const { run } = result;
  function download(): void {
    saveFile(`linkage-${run.id.replace(/[^\w-]/g, '').slice(0, 40) || 'pairs'}.csv`, pairsCsv(result.pairs), 'text/csv');
  }
  return (
    <div className="card sharing-linkage-result" data-testid="linkage-result" data-matches={run.matches}>
      <dl className="dl-grid">
        <dt>{t('sharing.linkage.recordsA')}</dt><dd className="num" data-testid="linkage-records-a">{formatNumber(run.recordsA)}</dd>
        <dt>{t('sharing.linkage.recordsB')}</dt><dd className="num" data-testid="linkage-records-b">{formatNumber(run.recordsB)}</dd>
        <dt>{t('sharing.linkage.candidates')}</dt><dd className="num">{formatNumber(run.candidatePairs)}</dd>
        <dt>{t('sharing.linkage.matches')}</dt><dd className="num" data-testid="linkage-matches"><strong>{formatNumber(run.matches)}</strong></dd>
      </dl>
      <p className="hint">{t('sharing.linkage.pairsHint')}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={download} disabled={result.pairs.length === 0} data-testid="linkage-download">
          {t('sharing.linkage.download')}
        </button>
      </div>
    </div>
  );
}

export function LinkagePage() {
  const { t, formatDateTime, formatNumber } = useI18n();
  const directory = useDirectory();
  const [title, setTitle] = useState('');
  const [caseId, setCaseId] = useState('');
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [a, setA] = useState<Side | null>(null);
  const [b, setB] = useState<Side | null>(null);
  const [result, setResult] = useState<LinkageResult | null>(null);
  const linking = useAction();
  const [tick, setTick] = useState(0);
  const runs = usePaged((cursor) => sharingApi.linkageRuns({ cursor }), [tick]);
  const resultRef = useRef<HTMLDivElement>(null);
  const thresholdValue = Number(threshold);
  const thresholdOk = threshold.trim() !== '' && Number.isFinite(thresholdValue) && thresholdValue > 0 && thresholdValue <= 1;
  const ready = title.trim() !== '' && a !== null && b !== null && thresholdOk;
  const list = runs.data ?? [];

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready || !a || !b) return;
    setResult(null);
    const answer = await linking.run(() => sharingApi.runLinkage({
      title: title.trim(), caseId: caseId || undefined, a: a.text, b: b.text, threshold: thresholdValue,
    }));
    if (answer) {
      setResult(answer);
      setTick((n) => n + 1);
      requestAnimationFrame(() => resultRef.current?.focus());
    }
  }

  return (
    <div className="page sharing-page">
      <h1>{t('sharing.title')}</h1>
      <SharingNav current="linkage" />
      <div className="what-happens" data-testid="linkage-explanation">
        <p>{t('sharing.linkage.explain')}</p>
        <p><code dir="ltr">npx ariadne link encode</code></p>
        <p>{t('sharing.linkage.explainScores')}</p>
      </div>
      <form className="card" onSubmit={(e) => void submit(e)} data-testid="linkage-form">
        <h2>{t('sharing.linkage.run')}</h2>
        <div className="field-grid">
          <div className="field">
            <label htmlFor="linkage-title">{t('sharing.linkage.title')}</label>
            <input id="linkage-title" value={title} dir="auto" onChange={(e) => setTitle(e.target.value)} data-testid="linkage-title" />
          </div>
          <div className="field">
            <label htmlFor="linkage-case">{t('sharing.linkage.case')}</label>
            <select id="linkage-case" value={caseId} onChange={(e) => setCaseId(e.target.value)} data-testid="linkage-case">
              <option value="">{t('sharing.linkage.noCase')}</option>
              {directory.cases.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="linkage-threshold">{t('sharing.linkage.threshold')}</label>
            <input id="linkage-threshold" type="number" inputMode="decimal" min={0.5} max={1} step={0.01} value={threshold}
              aria-invalid={!thresholdOk} aria-describedby="linkage-threshold-hint" onChange={(e) => setThreshold(e.target.value)} data-testid="linkage-threshold" />
            <p id="linkage-threshold-hint" className="hint">{t('sharing.linkage.thresholdHint')}</p>
          </div>
        </div>
        <div className="side-by-side sharing-clks">
          <ClkDrop side="a" value={a} onChange={setA} />
          <ClkDrop side="b" value={b} onChange={setB} />
        </div>
        <ErrorBox error={linking.error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!ready || linking.busy} data-testid="linkage-submit">
            {linking.busy ? t('sharing.linkage.running') : t('sharing.linkage.start')}
          </button>
        </div>
      </form>
      <div ref={resultRef} tabIndex={-1} role="status" aria-live="polite">{result && <LinkageOutcome result={result} />}</div>
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">{t('sharing.linkage.past')}</h2>
        <ErrorBox error={runs.error} />
        {runs.loading && list.length === 0 ? <Loading /> : list.length === 0 && !runs.error ? <Empty>{t('sharing.linkage.none')}</Empty> : (
          <div className="table-wrap">
            <table className="table" data-testid="linkage-runs">
              <caption className="sr-only">{t('sharing.linkage.past')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sharing.linkage.title')}</th>
                  <th scope="col">{t('sharing.case')}</th>
                  <th scope="col">{t('sharing.linkage.at')}</th>
                  <th scope="col">{t('sharing.linkage.recordsA')}</th>
                  <th scope="col">{t('sharing.linkage.recordsB')}</th>
                  <th scope="col">{t('sharing.linkage.candidates')}</th>
                  <th scope="col">{t('sharing.linkage.matches')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id} data-testid="linkage-run" data-run-id={r.id} data-matches={r.matches}>
                    <td className="break" dir="auto">{r.title}</td>
                    <td dir="auto">{r.caseId ? directory.caseName(r.caseId) : '—'}</td>
                    <td className="nowrap">{formatDateTime(r.at)}</td>
                    <td className="num">{formatNumber(r.recordsA)}</td>
                    <td className="num">{formatNumber(r.recordsB)}</td>
                    <td className="num">{formatNumber(r.candidatePairs)}</td>
                    <td className="num"><strong>{formatNumber(r.matches)}</strong></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore hasMore={runs.hasMore} loading={runs.loading} onClick={runs.loadMore} />
      </section>
    </div>
  );
}
