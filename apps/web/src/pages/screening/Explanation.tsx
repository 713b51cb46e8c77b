/** The matcher's reasons for a score, one line each, folded away until asked for. */
import { useI18n } from '../../i18n/I18nProvider.tsx';

export function Explanation({ lines, open = false }: { lines: readonly string[]; open?: boolean }) {
  const { t } = useI18n();
  if (lines.length === 0) return null;
  return (
    <details className="explanation" open={open} data-testid="explanation">
      <summary>{t('screening.why', { count: lines.length })}</summary>
      <ul>
        {lines.map((line, i) => <li key={i} dir="auto">{line}</li>)}
      </ul>
    </details>
  );
}
