/**
 * The disruption planner: which k subjects, removed, break the network apart most (or cut the flow
 * from source roles to target roles). The plan is marked on the graph; a table compares the
 * network before, after the plan, and after the naive plan of removing the k best connected.
 */
import { useState, type FormEvent } from 'react';
import { DISRUPTION_OBJECTIVES, type DisruptionObjective, type DisruptionPlan, type NetworkFilter, type NetworkShape } from '../../api/network-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AnalysisStatus } from './AnalysisStatus.tsx';
import type { NetworkExplorer } from './explorer.ts';
import { useAnalysis } from './use-analysis.ts';

const MAX_K = 50;

function RolePicker({ id, label, roles, value, onChange, testId }: {
  id: string; label: string; roles: readonly string[]; value: readonly string[]; onChange: (v: string[]) => void; testId: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} multiple size={Math.min(5, Math.max(2, roles.length))} value={[...value]} data-testid={testId}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
        {roles.map((r) => <option key={r} value={r} dir="auto">{r}</option>)}
      </select>
    </div>
  );
}

export function DisruptionPanel({ caseId, filter, explorer, roles, onFocus }: {
  caseId: string;
  filter: NetworkFilter;
  explorer: NetworkExplorer;
  /** role tags found on the loaded nodes, most common first */
  roles: readonly string[];
  onFocus: (id: string) => void;
}) {
  const { t, formatNumber } = useI18n();
  const [k, setK] = useState(3);
  const [objective, setObjective] = useState<DisruptionObjective>('fragmentation');
  const [sources, setSources] = useState<string[]>([]);
  const [targets, setTargets] = useState<string[]>([]);
  const [localSearch, setLocalSearch] = useState(true);
  const [plan, setPlan] = useState<DisruptionPlan | null>(null);
  const job = useAnalysis();
  const needsRoles = objective === 'cut' && (sources.length === 0 || targets.length === 0);
  const kValid = Number.isInteger(k) && k >= 1 && k <= MAX_K;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (needsRoles || !kValid) return;
    const answer = await job.run(caseId, filter, {
      kind: 'disruption', k, objective, localSearch,
      sources: sources.length ? sources : undefined, targets: targets.length ? targets : undefined,
    });
    if (answer?.kind !== 'disruption') return;
    setPlan(answer.result);
    explorer.setPlan(answer.result.remove.map((n) => n.id));
  }

  function clear(): void {
    explorer.setPlan(null);
    setPlan(null);
  }

  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const rows: readonly [string, (s: NetworkShape) => string][] = [
    ['network.shape.largestComponent', (s) => formatNumber(s.largestComponent)],
    ['network.shape.components', (s) => formatNumber(s.components)],
    ['network.shape.fragmentation', (s) => pct(s.fragmentation)],
    ['network.shape.distanceFragmentation', (s) => pct(s.distanceFragmentation)],
    ['network.shape.flow', (s) => (s.flow === null ? '—' : formatNumber(s.flow))],
  ];

  return (
    <div data-testid="disruption-panel">
      <form onSubmit={submit} data-testid="disruption-form">
        <div className="network-dates">
          <div className="field">
            <label htmlFor="plan-k">{t('network.planK')}</label>
            <input id="plan-k" type="number" min={1} max={MAX_K} step={1} value={Number.isFinite(k) ? k : ''} dir="ltr"
              onChange={(e) => setK(e.target.valueAsNumber)} data-testid="plan-k" />
          </div>
          <div className="field">
            <label htmlFor="plan-objective">{t('network.objective')}</label>
            <select id="plan-objective" value={objective} onChange={(e) => setObjective(e.target.value as DisruptionObjective)} data-testid="plan-objective">
              {DISRUPTION_OBJECTIVES.map((o) => <option key={o} value={o}>{t(`network.objective.${o}`)}</option>)}
            </select>
          </div>
        </div>
        <p className="hint">{t(`network.objectiveHint.${objective}`)}</p>
        {roles.length > 0 && (
          <div className="network-dates">
            <RolePicker id="plan-sources" label={t('network.sourceRoles')} roles={roles} value={sources} onChange={setSources} testId="plan-sources" />
            <RolePicker id="plan-targets" label={t('network.targetRoles')} roles={roles} value={targets} onChange={setTargets} testId="plan-targets" />
          </div>
        )}
        {needsRoles && <p className="field-error">{t('network.cutNeedsRoles')}</p>}
        <label className="check field small">
          <input type="checkbox" checked={localSearch} onChange={(e) => setLocalSearch(e.target.checked)} data-testid="plan-local-search" />
          {t('network.localSearch')}
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary btn-small" disabled={job.running || needsRoles || !kValid} data-testid="plan-run">{t('network.runPlan')}</button>
          {plan && <button type="button" className="btn btn-small" onClick={clear} data-testid="plan-clear">{t('network.clearPlan')}</button>}
        </div>
      </form>
      <AnalysisStatus run={job} testId="plan" />
      {plan && (
        <div data-testid="plan-result">
          <p className="small" data-testid="plan-explanation">{plan.explanation}</p>
          <h3 className="small-head">{t('network.planRemove')}</h3>
          <ol className="network-ranked">
            {plan.remove.map((n) => (
              <li key={n.id} data-testid="plan-node" data-id={n.id}>
                <span className="network-cross" aria-hidden="true">✕</span>
                <button type="button" className="btn-link" onClick={() => onFocus(n.id)} dir="auto">{n.caption}</button>
                <p className="muted small">{n.explanation}</p>
              </li>
            ))}
          </ol>
          <div className="table-wrap">
            <table className="table small" data-testid="plan-table">
              <thead>
                <tr>
                  <th scope="col"><span className="sr-only">{t('network.measureColumn')}</span></th>
                  <th scope="col">{t('network.before')}</th>
                  <th scope="col">{t('network.afterPlan')}</th>
                  <th scope="col">{t('network.afterBaseline')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([key, cell]) => (
                  <tr key={key}>
                    <th scope="row">{t(key)}</th>
                    <td>{cell(plan.before)}</td>
                    <td data-testid="plan-after">{cell(plan.after)}</td>
                    <td>{cell(plan.baseline.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small" data-testid="plan-baseline">
            {t('network.baselineRemoved', { names: plan.baseline.remove.map((n) => n.caption).join(', ') || '—' })}
          </p>
        </div>
      )}
    </div>
  );
}
