/**
 * Import a transactions file into a case: choose it, say its format (guessed from its name), map
 * a CSV's columns (its header is read here, in the browser), send it with progress, and read what
 * the server stored, refused (each record with its line) and raised.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { importFile } from '../../api/finance.ts';
import { IMPORT_FORMATS, type FinanceImport, type ImportFormat } from '../../api/finance-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatBytes } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import { browserStorage, ColumnMapEditor } from './ColumnMapEditor.tsx';
import { checkDraft, draftOf, EMPTY_DRAFT, matchingMap, readSavedMaps, suggestColumns, type ColumnMapDraft, type SavedColumnMap } from './column-maps.ts';
import { readFileHeader } from './csv-header.ts';
import { formatOfName } from './import-format.ts';
import { ImportSummary } from './ImportSummary.tsx';

export function ImportPanel({ caseId, onImported }: { caseId: string; onImported: (result: FinanceImport) => void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [header, setHeader] = useState<readonly string[] | null>(null);
  const [draft, setDraft] = useState<ColumnMapDraft>(EMPTY_DRAFT);
  const [saved, setSaved] = useState<SavedColumnMap[]>(() => readSavedMaps(browserStorage()));
  const [applied, setApplied] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<FinanceImport | null>(null);
  const { busy, error, run, clearError } = useAction();
  const abort = useRef<AbortController | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const check = useMemo(() => checkDraft(draft, header ?? undefined), [draft, header]);

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  async function choose(files: File[]): Promise<void> {
    const chosen = files[0];
    if (!chosen) return;
    setFile(chosen);
    setResult(null);
    setProgress(null);
    clearError();
    const guessed = formatOfName(chosen.name);
    setFormat(guessed);
    if (guessed === 'csv') await readHeader(chosen, undefined, true);
  }

  /** reads the header row; on a new file, takes the newest saved map that fits it, else a suggestion */
  async function readHeader(f: File, delimiter: string | undefined, fresh: boolean): Promise<void> {
    const row = await readFileHeader(f, delimiter).catch(() => null);
    setHeader(row?.columns ?? null);
    if (!row) {
      if (fresh) setDraft(EMPTY_DRAFT);
      return;
    }
    if (!fresh) {
      // another delimiter: keep the columns that the new header still has
      setDraft((d) => ({ ...d, delimiter: row.delimiter, columns: Object.fromEntries(Object.entries(d.columns).filter(([, v]) => row.columns.includes(v!))) }));
      return;
    }
    const match = matchingMap(saved, row.columns);
    if (match && (match.map.delimiter ?? ',') === row.delimiter) {
      setDraft(draftOf(match.map));
      setApplied(match.name);
    } else {
      setDraft({ ...EMPTY_DRAFT, delimiter: row.delimiter, columns: suggestColumns(row.columns) });
      setApplied(null);
    }
  }

  async function send(): Promise<void> {
    if (!file || (format === 'csv' && !check.ok)) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setResult(null);
    setProgress({ sent: 0, total: file.size });
    const done = await run(() => importFile({
      caseId, file, source: file.name, format, ...(format === 'csv' && check.ok ? { map: check.map } : {}),
      onProgress: (sent, total) => setProgress({ sent, total }), signal: controller.signal,
    })).catch((err: unknown) => {
      if (err instanceof DOMException && err.name === 'AbortError') return undefined;
      throw err;
    });
    setProgress(null);
    if (done) {
      setResult(done);
      onImported(done);
    }
  }

  function changeFormat(next: ImportFormat): void {
    setFormat(next);
    if (next === 'csv' && header === null && file) void readHeader(file, undefined, true);
  }

  /** another delimiter: the header is read again with it */
  function changeDelimiter(delimiter: string): void {
    setDraft((d) => ({ ...d, delimiter }));
    if (file) void readHeader(file, delimiter, false);
  }

  function applySaved(m: SavedColumnMap): void {
    const before = draft.delimiter;
    setDraft(draftOf(m.map));
    setApplied(m.name);
    if (file && (m.map.delimiter ?? ',') !== before) void readHeader(file, m.map.delimiter ?? ',', false);
  }

  const size = (n: number) => formatBytes(n, locale);
  const sending = progress !== null;
  return (
    <div className="stack finance-import-panel" data-testid="import-panel">
      <DropZone onFiles={(f) => void choose(f)} multiple={false} title={t('finance.import.drop')} hint={t('finance.import.dropHint')}
        button={t('finance.import.choose')} accept=".csv,.txt,.xml,.ndjson,.jsonl,.json,text/csv,application/xml" testId="finance-import-drop" />
      {file && (
        <>
          <p className="small" data-testid="import-file"><strong className="break" dir="auto">{file.name}</strong> · <span className="muted">{size(file.size)}</span></p>
          <div className="field">
            <label htmlFor={`${ids}-format`}>{t('finance.import.format')}</label>
            <select id={`${ids}-format`} value={format} disabled={sending}
              onChange={(e) => changeFormat(e.target.value as ImportFormat)} data-testid="import-format">
              {IMPORT_FORMATS.map((f) => <option key={f} value={f}>{t(`finance.format.${f}`)}</option>)}
            </select>
          </div>
          {format === 'csv' && (
            <ColumnMapEditor header={header} draft={draft} check={check} saved={saved} appliedName={applied}
              onChange={setDraft} onDelimiter={changeDelimiter} onSaved={setSaved} onApply={applySaved} />
          )}
          <ErrorBox error={error} testId="import-error-box" />
          {progress && (
            <div>
              <ProgressBar done={progress.sent} total={progress.total} label={t('finance.import.progressOf', { name: file.name })}
                text={t('upload.bytes', { sent: size(progress.sent), total: size(progress.total) })} testId="import-progress" />
              <p className="small muted" role="status" aria-live="polite" data-testid="import-phase">
                {progress.sent >= progress.total ? t('finance.import.processing') : t('finance.import.sending')}
              </p>
            </div>
          )}
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => void send()} disabled={busy || (format === 'csv' && !check.ok)} data-testid="import-submit">
              {busy ? t('finance.import.sendingShort') : t('finance.import.submit')}
            </button>
            {busy && (
              <button type="button" className="btn btn-danger-quiet" onClick={() => abort.current?.abort()} data-testid="import-cancel">{t('common.cancel')}</button>
            )}
          </div>
        </>
      )}
      {result && <ImportSummary ref={resultRef} result={result} />}
    </div>
  );
}
