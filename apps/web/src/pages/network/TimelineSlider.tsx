/**
 * A slider over the months the loaded ties span, filtering what is drawn (no reload): the network
 * as it had grown by a month, or only the ties active in it. Play steps one month at a time.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { monthKey, type TimelineMode } from './time-window.ts';

const STEP_MS = 700;

export function TimelineSlider({ range, month, mode, onChange }: {
  range: { first: number; last: number } | null;
  month: number | null;
  mode: TimelineMode;
  onChange: (month: number | null, mode: TimelineMode) => void;
}) {
  const { t } = useI18n();
  const [playing, setPlaying] = useState(false);
  const latest = useRef({ month, mode, onChange, range });
  latest.current = { month, mode, onChange, range };

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const { month: m, mode: md, onChange: change, range: r } = latest.current;
      if (!r) return setPlaying(false);
      const next = m === null || m >= r.last ? r.first : m + 1;
      change(next, md);
      if (next >= r.last) setPlaying(false);
    }, STEP_MS);
    return () => clearInterval(timer);
  }, [playing]);

  if (!range) return <p className="muted small" data-testid="timeline-none">{t('network.noDates')}</p>;
  const value = month ?? range.last;
  return (
    <div className="network-timeline" data-testid="timeline">
      <div className="network-timeline-row">
        <button type="button" className="btn btn-small" onClick={() => setPlaying((p) => !p)} aria-pressed={playing} data-testid="timeline-play"
          disabled={range.first === range.last}>
          {playing ? t('network.pause') : t('network.play')}
        </button>
        <label htmlFor="network-month" className="sr-only">{t('network.timeline')}</label>
        <input id="network-month" type="range" min={range.first} max={range.last} step={1} value={value} dir="ltr" className="grow"
          aria-valuetext={monthKey(value)} data-testid="timeline-slider"
          onChange={(e) => { setPlaying(false); onChange(Number(e.target.value), mode); }} />
        <output htmlFor="network-month" className="nowrap small" dir="ltr" data-testid="timeline-month">{month === null ? t('network.allDates') : monthKey(month)}</output>
      </div>
      <div className="network-timeline-row small">
        <label className="inline-label">
          <span className="muted">{t('network.timelineMode')}</span>
          <select value={mode} onChange={(e) => onChange(month, e.target.value as TimelineMode)} data-testid="timeline-mode">
            <option value="cumulative">{t('network.timelineCumulative')}</option>
            <option value="active">{t('network.timelineActive')}</option>
          </select>
        </label>
        {month !== null && (
          <button type="button" className="btn-link small" onClick={() => { setPlaying(false); onChange(null, mode); }} data-testid="timeline-clear">
            {t('network.allDates')}
          </button>
        )}
      </div>
      <p className="hint">{t('network.timelineHint', { first: monthKey(range.first), last: monthKey(range.last) })}</p>
    </div>
  );
}
