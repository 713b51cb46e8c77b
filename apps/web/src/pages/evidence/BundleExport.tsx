/**
 * Export a case's evidence as a bundle for a recipient (a prosecutor, a sanctions body, a mutual
 * legal assistance request): choose the items (all by default), the purpose and the recipient;
 * the server builds it in the background and the page follows its progress to a download link.
 */
import { useState, type FormEvent } from 'react';
import { bundleDownloadUrl, evidenceApi } from '../../api/evidence.ts';
import { BUNDLE_PURPOSES, type Bundle, type BundlePurpose, type EvidenceItem } from '../../api/evidence-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatBytes } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import { useBundle } from '../../lib/use-bundle.ts';

export function BundleExport({ caseId, items }: { caseId: string; items: readonly EvidenceItem[] }) {
  const { t, locale } = useI18n();
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [purpose, setPurpose] = useState<BundlePurpose>('prosecution');
  const [recipient, setRecipient] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const [started, setStarted] = useState<Bundle | null>(null);
  const { bundle, error: pollError } = useBundle(started);
  const chosen = items.filter((i) => !excluded.has(i.id));

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    await run(async () => {
      const all = chosen.length === items.length;
      setStarted(await evidenceApi.createBundle(caseId, {
        itemIds: all ? undefined : chosen.map((i) => i.id), purpose, recipient: recipient.trim(), note: note.trim() || undefined,
      }));
    });
  }

  function toggle(id: string, include: boolean): void {
    setExcluded((s) => {
      const next = new Set(s);
      if (include) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <section className="card bundle-export" aria-labelledby="bundle-title" data-testid="bundle-export">
      <h3 id="bundle-title">{t('bundle.title')}</h3>
      <p className="muted small">{t('bundle.intro')}</p>
      <form onSubmit={submit} noValidate>
        <fieldset className="field">
          <legend>{t('bundle.items', { count: chosen.length, total: items.length })}</legend>
          <div className="checks column">
            {items.map((item) => (
              <label key={item.id} className="check">
                <input type="checkbox" checked={!excluded.has(item.id)} onChange={(e) => toggle(item.id, e.target.checked)}
                  data-testid="bundle-item" data-evidence-id={item.id} />
                <span dir="auto">{item.filename || item.id}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field-grid">
          <div className="field">
            <label htmlFor="bundle-purpose">{t('bundle.purpose')}</label>
            <select id="bundle-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value as BundlePurpose)} data-testid="bundle-purpose">
              {BUNDLE_PURPOSES.map((p) => <option key={p} value={p}>{t(`bundle.purpose.${p}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="bundle-recipient">{t('bundle.recipient')}</label>
            <input id="bundle-recipient" required maxLength={500} value={recipient} onChange={(e) => setRecipient(e.target.value)} data-testid="bundle-recipient" dir="auto" />
          </div>
          <div className="field">
            <label htmlFor="bundle-note">{t('bundle.note')}</label>
            <input id="bundle-note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="bundle-note" dir="auto" />
          </div>
        </div>
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy || !recipient.trim() || chosen.length === 0 || bundle?.state === 'building'}
          data-testid="bundle-submit">
          {t('bundle.submit')}
        </button>
      </form>
      <div aria-live="polite" className="bundle-status">
        {bundle && (
          <div data-testid="bundle-status" data-state={bundle.state}>
            {bundle.state === 'building' && (
              <>
                <p>{t('bundle.building', { count: bundle.items })}</p>
                <ProgressBar done={bundle.bytesDone} total={bundle.bytesTotal} label={t('bundle.progress')}
                  text={t('upload.bytes', { sent: formatBytes(bundle.bytesDone, locale), total: formatBytes(bundle.bytesTotal, locale) })}
                  testId="bundle-progress" />
              </>
            )}
            {bundle.state === 'ready' && (
              <p className="alert alert-ok">
                {t('bundle.ready', { count: bundle.items, size: formatBytes(bundle.bytesTotal, locale) })}{' '}
                <a href={bundleDownloadUrl(bundle.id)} download className="btn btn-primary btn-small" data-testid="bundle-download">{t('bundle.download')}</a>
              </p>
            )}
            {bundle.state === 'failed' && (
              <p className="alert alert-error" role="alert">{t('bundle.failed')}{bundle.error ? ` — ${bundle.error}` : ''}</p>
            )}
          </div>
        )}
        <ErrorBox error={pollError} />
      </div>
    </section>
  );
}
