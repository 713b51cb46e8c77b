/** Copies a secret to the clipboard and says so (politely, for screen readers too). */
import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function CopyButton({ text, testId, label }: { text: string; testId?: string; label?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <button type="button" className="btn btn-small" onClick={copy} data-testid={testId} aria-label={label}>{t('common.copy')}</button>
      <span aria-live="polite" className="muted small">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}
