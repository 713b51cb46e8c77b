/** A key fingerprint in large monospace groups, to read aloud to the partner over the phone. */
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { fingerprintGroups } from './share-files.ts';

export function Fingerprint({ value, testId = 'fingerprint' }: { value: string | undefined; testId?: string }) {
  const { t } = useI18n();
  if (!value) return <span className="muted">—</span>;
  const groups = fingerprintGroups(value);
  return (
    <p className="sharing-fingerprint" dir="ltr" aria-label={t('sharing.fingerprint')} data-testid={testId} data-fingerprint={value}>
      {groups.map((g, i) => <span key={`${i}-${g}`} className="sharing-fingerprint-group">{g}</span>)}
    </p>
  );
}
