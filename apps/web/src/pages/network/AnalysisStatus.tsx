/** A running analysis: its progress and a Cancel button; a failed one: the server's explanation. */
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { AnalysisRun } from './use-analysis.ts';

export function AnalysisStatus({ run, testId }: { run: AnalysisRun; testId: string }) {
  const { t, formatNumber } = useI18n();
  if (!run.running) return <ErrorBox error={run.error} testId={`${testId}-error`} />;
  return (
    <div className="network-job" data-testid={`${testId}-running`}>
      <ProgressBar done={run.done} total={run.total || 1} label={t('network.analysisProgress')}
        text={run.total ? t('network.progressOf', { done: formatNumber(run.done), total: formatNumber(run.total) }) : t('network.queued')} testId={`${testId}-progress`} />
      <button type="button" className="btn btn-small" onClick={run.cancel} data-testid={`${testId}-cancel`}>{t('common.cancel')}</button>
    </div>
  );
}
