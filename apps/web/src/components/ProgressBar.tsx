/** A labelled progress bar that assistive technology reads (role, aria-valuenow) and sighted users see. */
import { percent } from '../lib/format.ts';

export function ProgressBar({ done, total, label, text, testId }: {
  done: number;
  total: number;
  /** what is progressing, for screen readers */
  label: string;
  /** shown beside the bar, e.g. "3.1 MB of 12 MB" */
  text?: string;
  testId?: string;
}) {
  const value = percent(done, total);
  return (
    <div className="progress-row">
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}
        aria-valuetext={text ? `${value}% — ${text}` : `${value}%`} data-testid={testId}>
        <div className="progress-fill" style={{ inlineSize: `${value}%` }} />
      </div>
      <span className="muted small nowrap progress-text" dir="auto">{value}%{text ? ` · ${text}` : ''}</span>
    </div>
  );
}
