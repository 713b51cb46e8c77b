/**
 * The persons and organisations an FIU case reports on: the holders of its alerts' accounts to
 * tick, and any other entity of the case found by search. Each entity is checked with the server
 * before it is added (it must be of the case).
 */
import { useId, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { AccountHolder, FinanceAlertDetail } from '../../api/finance-types.ts';
import { ApiError, parseProblem } from '../../api/problem.ts';
import { EntityRefInput } from '../../components/EntityRefInput.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';

export function FiuEntities({ caseId, value, alerts, disabled, onChange }: {
  caseId: string;
  value: readonly string[];
  alerts: readonly FinanceAlertDetail[];
  disabled: boolean;
  onChange: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [pick, setPick] = useState('');
  const { busy, error, run } = useAction();
  const holders = useMemo(() => {
    const out = new Map<string, AccountHolder>();
    for (const a of alerts) for (const acc of a.accountDetails) if (acc.holder && !out.has(acc.holder.id)) out.set(acc.holder.id, acc.holder);
    return out;
  }, [alerts]);
  const key = value.join(',');
  // captions of the chosen entities that are not holders (the holders' come with the alerts)
  const others = useAsync(
    () => Promise.all(value.filter((id) => !holders.has(id)).map((id) => api.getEntity(id).then((e) => [id, e.caption] as const, () => [id, id] as const))),
    [key, holders],
  );
  const captions = new Map<string, string>([...[...holders.values()].map((h) => [h.id, h.caption] as const), ...(others.data ?? [])]);

  async function add(): Promise<void> {
    const id = pick.trim();
    if (!id || value.includes(id)) return;
    const entity = await run(async () => {
      const e = await api.getEntity(id);
      if (e.caseId !== caseId) throw new ApiError(parseProblem(422, { title: t('finance.fiu.entityOtherCase'), code: 'ARIADNE_VALIDATION_FAILED' }));
      return e;
    });
    if (entity) {
      onChange([...value, entity.id]);
      setPick('');
    }
  }

  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));
  return (
    <fieldset className="field" data-testid="fiu-entities">
      <legend>{t('finance.fiu.entities')}</legend>
      {holders.size > 0 && (
        <div className="checks" data-testid="fiu-holders">
          {[...holders.values()].map((h) => (
            <label key={h.id} className="check">
              <input type="checkbox" checked={value.includes(h.id)} disabled={disabled} onChange={(e) => toggle(h.id, e.target.checked)} data-testid="fiu-holder" data-entity-id={h.id} />
              <span dir="auto">{h.caption}</span>{h.victim && <span className="badge badge-sealed">{t('finance.account.victim')}</span>}
            </label>
          ))}
        </div>
      )}
      <ul className="list compact" data-testid="fiu-entity-list">
        {value.length === 0 && <li className="list-item muted small">{t('finance.fiu.noEntities')}</li>}
        {value.map((id) => (
          <li key={id} className="list-item row" data-testid="fiu-entity" data-entity-id={id}>
            <Link to={paths.entity(id)} className="list-title" dir="auto">{captions.get(id) ?? id}</Link>
            {!disabled && (
              <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => toggle(id, false)}
                aria-label={t('finance.fiu.removeEntity', { name: captions.get(id) ?? id })}>{t('finance.fiu.remove')}</button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && (
        <div className="inline-form">
          <label htmlFor={`${ids}-entity`} className="sr-only">{t('finance.fiu.addEntity')}</label>
          <EntityRefInput id={`${ids}-entity`} value={pick} onChange={setPick} caseId={caseId} testId="fiu-entity-search" />
          <button type="button" className="btn btn-small" disabled={busy || !pick.trim()} onClick={() => void add()} data-testid="fiu-entity-add">{t('finance.fiu.addEntity')}</button>
        </div>
      )}
      <ErrorBox error={error} />
    </fieldset>
  );
}
