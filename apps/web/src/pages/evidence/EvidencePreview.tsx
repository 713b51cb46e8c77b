/**
 * Looking at an item's content is itself a custody event, so the page asks why first (default
 * "review") and only then loads the bytes; downloading is journalled the same way. Only images,
 * video and audio are shown inline.
 */
import { useState, type FormEvent } from 'react';
import { evidenceContentUrl } from '../../api/evidence.ts';
import type { EvidenceItem } from '../../api/evidence-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { previewKind } from '../../lib/format.ts';

export function EvidencePreview({ item, onJournalled }: { item: EvidenceItem; onJournalled: () => void }) {
  const { t } = useI18n();
  const [purpose, setPurpose] = useState('review');
  const [shown, setShown] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const kind = previewKind(item.mime);
  const src = shown ? evidenceContentUrl(item.id, shown) : '';
  const label = item.filename || item.id;

  function show(event: FormEvent): void {
    event.preventDefault();
    setFailed(false);
    setShown(purpose.trim() || 'review');
  }

  return (
    <section className="card preview" aria-labelledby="preview-title" data-testid="evidence-preview">
      <h2 id="preview-title">{t('evidence.access')}</h2>
      <form onSubmit={show} className="inline-form">
        <label htmlFor="access-purpose">{t('evidence.accessPurpose')}</label>
        <input id="access-purpose" maxLength={200} value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="access-purpose" dir="auto" />
        {kind && <button type="submit" className="btn btn-primary" data-testid="preview-show">{t('evidence.showPreview')}</button>}
        <a className="btn" href={evidenceContentUrl(item.id, purpose || 'review', true)} download={item.filename || undefined}
          data-testid="evidence-download" onClick={() => setTimeout(onJournalled, 1500)}>
          {t('evidence.download')}
        </a>
      </form>
      <p className="hint">{t('evidence.accessHint')}</p>
      {!kind && <p className="muted small">{t('evidence.noPreview')}</p>}
      {shown && kind === 'image' && (
        <img className="preview-media" src={src} alt={label} data-testid="preview-media" onLoad={onJournalled} onError={() => setFailed(true)} />
      )}
      {shown && kind === 'video' && (
        <video className="preview-media" src={src} controls preload="metadata" aria-label={label} data-testid="preview-media"
          onLoadedMetadata={onJournalled} onError={() => setFailed(true)} />
      )}
      {shown && kind === 'audio' && (
        <audio className="preview-media" src={src} controls preload="metadata" aria-label={label} data-testid="preview-media"
          onLoadedMetadata={onJournalled} onError={() => setFailed(true)} />
      )}
      {failed && <p className="alert alert-error" role="alert">{t('evidence.previewFailed')}</p>}
    </section>
  );
}
