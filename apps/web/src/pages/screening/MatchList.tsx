/** Screening matches best first: score bar, match or near-miss, the listed name and entry, and why. */
import type { ScreeningMatch } from '../../api/screening-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { Explanation } from './Explanation.tsx';
import { ScoreBar } from './ScoreBar.tsx';

export function MatchBadge({ match }: { match: boolean }) {
  const { t } = useI18n();
  return match
    ? <span className="badge badge-warn" data-testid="match-badge">{t('screening.match')}</span>
    : <span className="badge" data-testid="match-badge">{t('screening.nearMiss')}</span>;
}

export function MatchList({ matches, threshold, testId = 'matches' }: { matches: readonly ScreeningMatch[]; threshold?: number; testId?: string }) {
  return (
    <ol className="list matches" data-testid={testId}>
      {matches.map((m) => (
        <li key={`${m.list}/${m.entry}`} className="list-item match" data-testid="match" data-entry={m.entry} data-list={m.list}>
          <div className="match-head">
            <ScoreBar score={m.score} threshold={threshold} />
            <MatchBadge match={m.match} />
            <Link to={paths.listEntry(m.list, m.entry)} className="list-title" data-testid="match-entry">
              <span className="badge">{m.list}</span> <code dir="ltr">{m.entry}</code>
            </Link>
            <span className="grow break" dir="auto" data-testid="match-name">{m.name}</span>
          </div>
          <Explanation lines={m.explanation} />
        </li>
      ))}
    </ol>
  );
}
