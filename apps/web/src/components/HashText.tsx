/** A hash shortened for reading, the full value on hover and one click from the clipboard. */
import { useI18n } from '../i18n/I18nProvider.tsx';
import { shortHash } from '../lib/format.ts';
import { CopyButton } from './CopyButton.tsx';

export function HashText({ hash, length = 12, testId }: { hash: string; length?: number; testId?: string }) {
  const { t } = useI18n();
  if (!hash) return <span className="muted">—</span>;
  return (
    <span className="hash">
      <code title={hash} dir="ltr" data-testid={testId} data-hash={hash}>{shortHash(hash, length)}</code>
      <CopyButton text={hash} label={t('evidence.copyHash')} />
    </span>
  );
}
