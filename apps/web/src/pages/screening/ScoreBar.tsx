/** A score (0–1) as a labelled bar: the number is always written out, the bar only shows it. */
import { scorePercent } from '../../lib/screening-view.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export function ScoreBar({ score, threshold }: { score: number; threshold?: number }) {
  const { t } = useI18n();
  const pct = scorePercent(score);
  return (
    <span className="score" data-testid="score">
      <span className="score-track" aria-hidden="true">
        <span className="score-fill" style={{ inlineSize: `${pct}%` }} />
        {threshold !== undefined && <span className="score-threshold" style={{ insetInlineStart: `${scorePercent(threshold)}%` }} />}
      </span>
      <span className="score-value" aria-label={t('screening.scoreLabel', { score: score.toFixed(2) })}>{score.toFixed(2)}</span>
    </span>
  );
}
