/**
 * Puts an alert into an FIU case: a new one (given a title) or one of the case's FIU cases not yet
 * reported. The alert becomes escalated; the FIU case page opens.
 */
import { useId, useState, type FormEvent } from 'react';
import { financeApi } from '../../api/finance.ts';
import type { FinanceAlert } from '../../api/finance-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { navigate } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function AddToFiuCase({ alert }: { alert: FinanceAlert }) {
  const { t } = useI18n();
  const ids = useId();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState('');
  const { busy, error, run } = useAction();
  const open = useAsync(() => financeApi.fiuCases({ caseId: alert.caseId, limit: 100 }), [alert.caseId]);
  const choices = (open.data?.items ?? []).filter((c) => c.status !== 'reported');

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const fiu = await run(() => (mode === 'new'
      ? financeApi.createFiuCase({ caseId: alert.caseId, title: title.trim(), alertIds: [alert.id] })
      : financeApi.updateFiuCase(target, { addAlertIds: [alert.id] })));
    if (fiu) navigate(paths.fiuCase(fiu.id));
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} data-testid="add-to-fiu">
      <h2 id={`${ids}-title`}>{t('finance.fiu.add')}</h2>
      <fieldset className="field">
        <legend className="sr-only">{t('finance.fiu.add')}</legend>
        <label className="choice">
          <input type="radio" name={`${ids}-mode`} checked={mode === 'new'} onChange={() => setMode('new')} data-testid="add-to-fiu-new" />
          <span className="choice-title">{t('finance.fiu.new')}</span>
        </label>
        <label className="choice">
          <input type="radio" name={`${ids}-mode`} checked={mode === 'existing'} disabled={choices.length === 0} onChange={() => setMode('existing')}
            data-testid="add-to-fiu-existing" />
          <span><span className="choice-title">{t('finance.fiu.existing')}</span>
            {choices.length === 0 && <span className="hint">{t('finance.fiu.noneOpen')}</span>}</span>
        </label>
      </fieldset>
      {mode === 'new' ? (
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('finance.fiu.titleLabel')}</label>
          <input id={`${ids}-name`} required maxLength={200} dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="add-to-fiu-title" />
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${ids}-target`}>{t('finance.fiu.choose')}</label>
          <select id={`${ids}-target`} required value={target} onChange={(e) => setTarget(e.target.value)} data-testid="add-to-fiu-target">
            <option value="">{t('finance.fiu.chooseOne')}</option>
            {choices.map((c) => <option key={c.id} value={c.id} dir="auto">{c.title}</option>)}
          </select>
        </div>
      )}
      <ErrorBox error={error ?? open.error} testId="add-to-fiu-error" />
      <button type="submit" className="btn btn-primary" disabled={busy || (mode === 'new' ? !title.trim() : !target)} data-testid="add-to-fiu-submit">
        {mode === 'new' ? t('finance.fiu.create') : t('finance.fiu.addTo')}
      </button>
    </form>
  );
}
