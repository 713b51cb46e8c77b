/**
 * The goAML export of an FIU case: the schema version, whether to name victims (offered only when
 * the server says the report involves any, and then only with a stated purpose, which is
 * journalled), the XML downloaded once the server has validated and recorded it, and the readable
 * summary. A report the FIU's schema refuses lists the schema's errors.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { exportReport, reportSummaryUrl } from '../../api/finance.ts';
import { GOAML_SCHEMA_VERSIONS, type FiuCase, type GoamlSchemaVersion } from '../../api/finance-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { HashText } from '../../components/HashText.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { saveFile } from '../../lib/save-file.ts';
import { useAction } from '../../lib/use-action.ts';
import { schemaErrors } from './fiu-case-form.ts';

/** the server wants a purpose of at least this many characters */
const MIN_PURPOSE = 10;

export function ReportExport({ fiu, dirty, onExported }: {
  fiu: FiuCase;
  /** the form holds unsaved changes: the export would not include them */
  dirty: boolean;
  onExported: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [version, setVersion] = useState<GoamlSchemaVersion>('5.0.2');
  const [includeVictims, setIncludeVictims] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [exported, setExported] = useState<{ filename: string; sha256: string | null } | null>(null);
  const { busy, error, run } = useAction();
  const outcome = useRef<HTMLDivElement>(null);
  const victims = fiu.victims ?? 0;
  const purposeOk = !includeVictims || purpose.trim().length >= MIN_PURPOSE;
  const refused = error?.status === 422 ? schemaErrors(error.problem) : null;

  useEffect(() => {
    if (exported || refused) outcome.current?.focus();
  }, [exported, refused?.length]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!purposeOk || dirty) return;
    setExported(null);
    const file = await run(() => exportReport(fiu.id, {
      schemaVersion: version, ...(includeVictims && victims > 0 ? { includeVictims: true, victimPurpose: purpose.trim() } : {}),
    }));
    if (!file) return;
    saveFile(file.filename, file.xml, 'application/xml');
    setExported({ filename: file.filename, sha256: file.sha256 });
    onExported();
  }

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} data-testid="report-export">
      <h2 id={`${ids}-title`}>{t('finance.report.title')}</h2>
      <p className="hint">{t('finance.report.intro')}</p>
      <fieldset className="field">
        <legend>{t('finance.report.schema')}</legend>
        {GOAML_SCHEMA_VERSIONS.map((v) => (
          <label key={v} className="choice">
            <input type="radio" name={`${ids}-version`} value={v} checked={version === v} onChange={() => setVersion(v)} data-testid={`report-version-${v}`} />
            <span className="choice-title">{t('finance.report.version', { version: v })}</span>
          </label>
        ))}
      </fieldset>
      {victims > 0 && (
        <fieldset className="field" data-testid="report-victims">
          <legend>{t('finance.report.victims', { count: victims })}</legend>
          <label className="check">
            <input type="checkbox" checked={includeVictims} onChange={(e) => setIncludeVictims(e.target.checked)} data-testid="report-include-victims" />
            {t('finance.report.includeVictims')}
          </label>
          <p className="hint">{t('finance.report.victimsHint')}</p>
          {includeVictims && (
            <div className="field nested">
              <label htmlFor={`${ids}-purpose`}>{t('finance.report.purpose')}<span className="required" aria-hidden="true"> *</span></label>
              <textarea id={`${ids}-purpose`} rows={3} required minLength={MIN_PURPOSE} maxLength={2000} dir="auto" value={purpose}
                aria-invalid={!purposeOk || undefined} onChange={(e) => setPurpose(e.target.value)} data-testid="report-purpose" />
              <p className="hint">{t('finance.report.purposeHint')}</p>
            </div>
          )}
        </fieldset>
      )}
      {dirty && <p className="small alert alert-warn" role="status">{t('finance.report.saveFirst')}</p>}
      <div className="actions wrap">
        <button type="submit" className="btn btn-primary" disabled={busy || dirty || !purposeOk} data-testid="report-submit">
          {busy ? t('finance.report.exporting') : t('finance.report.export')}
        </button>
        <a className="btn" href={reportSummaryUrl(fiu.id, version)} target="_blank" rel="noopener" data-testid="report-summary">
          {t('finance.report.summary')}
        </a>
      </div>
      <div ref={outcome} tabIndex={-1}>
        {exported && (
          <div className="alert alert-ok" role="status" data-testid="report-done">
            <p><strong>{t('finance.report.done', { file: exported.filename })}</strong></p>
            {exported.sha256 && <p className="small">{t('finance.report.sha256')}: <HashText hash={exported.sha256} testId="report-sha256" /></p>}
          </div>
        )}
        {refused ? (
          <div className="alert alert-error" role="alert" data-testid="report-refused">
            <strong>{t('finance.report.refused')}</strong>
            {/* the detail repeats the first problems in one line: shown only when the server lists none */}
            {refused.length === 0 && error?.problem.detail && <p dir="auto">{error.problem.detail}</p>}
            <ol className="finance-schema-errors" data-testid="report-schema-errors">
              {refused.map((e, i) => (
                <li key={i}>{e.where && <><code dir="ltr">{e.where}</code>: </>}<span dir="auto">{e.message}</span></li>
              ))}
            </ol>
          </div>
        ) : <ErrorBox error={error} testId="report-error" />}
      </div>
    </form>
  );
}
