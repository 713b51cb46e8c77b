/**
 * Record what is done with an item: a transfer to another organisation, an analysis, sealing, a
 * disposal hold and its release, or links to the entities it supports. Each is a custody event.
 */
import { useState, type FormEvent } from 'react';
import { evidenceApi } from '../../api/evidence.ts';
import type { CustodyAction, EvidenceItem } from '../../api/evidence-types.ts';
import type { EntitySummary } from '../../api/types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';

type Action = CustodyAction | 'link';

function available(item: EvidenceItem): Action[] {
  const out: Action[] = ['transfer', 'analysis'];
  if (!item.sealed) out.push('seal');
  out.push(item.hold ? 'release' : 'hold');
  out.push('link');
  return out;
}

export function EvidenceActions({ item, entities, onRecorded }: {
  item: EvidenceItem;
  entities: readonly EntitySummary[];
  onRecorded: () => void;
}) {
  const { t } = useI18n();
  const actions = available(item);
  const [action, setAction] = useState<Action>('transfer');
  const [purpose, setPurpose] = useState('');
  const [recipient, setRecipient] = useState('');
  const [method, setMethod] = useState('');
  const [linkIds, setLinkIds] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const current = actions.includes(action) ? action : actions[0]!;
  const linkable = entities.filter((e) => !item.entityIds.includes(e.id));

  const ready = purpose.trim() !== '' && (
    current === 'transfer' ? recipient.trim() !== ''
      : current === 'analysis' ? method.trim() !== ''
        : current === 'link' ? linkIds.length > 0 : true);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!ready) return;
    setDone(null);
    await run(async () => {
      if (current === 'link') await evidenceApi.linkEntities(item.id, linkIds, purpose.trim());
      else {
        await evidenceApi.recordCustody(item.id, {
          kind: current,
          purpose: purpose.trim(),
          recipient: current === 'transfer' ? recipient.trim() : undefined,
          method: current === 'analysis' ? method.trim() : undefined,
        });
      }
      setDone(t(`custody.kind.${current}`));
      setPurpose('');
      setRecipient('');
      setMethod('');
      setLinkIds([]);
      onRecorded();
    });
  }

  return (
    <section className="card" aria-labelledby="actions-title" data-testid="evidence-actions">
      <h2 id="actions-title">{t('custody.record')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="custody-action">{t('custody.action')}</label>
          <select id="custody-action" value={current} onChange={(e) => setAction(e.target.value as Action)} data-testid="custody-action">
            {actions.map((a) => <option key={a} value={a}>{t(`custody.do.${a}`)}</option>)}
          </select>
          <p className="hint">{t(`custody.hint.${current}`)}</p>
        </div>
        {current === 'transfer' && (
          <div className="field">
            <label htmlFor="custody-recipient">{t('custody.recipient')}</label>
            <input id="custody-recipient" required maxLength={500} value={recipient} onChange={(e) => setRecipient(e.target.value)} data-testid="custody-recipient" dir="auto" />
          </div>
        )}
        {current === 'analysis' && (
          <div className="field">
            <label htmlFor="custody-method">{t('custody.method')}</label>
            <input id="custody-method" required maxLength={500} value={method} onChange={(e) => setMethod(e.target.value)} data-testid="custody-method" dir="auto" />
          </div>
        )}
        {current === 'link' && (
          <fieldset className="field">
            <legend>{t('custody.linkEntities')}</legend>
            {linkable.length === 0 ? <p className="muted small">{t('custody.noEntitiesToLink')}</p> : (
              <div className="checks column">
                {linkable.map((e) => (
                  <label key={e.id} className="check">
                    <input type="checkbox" checked={linkIds.includes(e.id)} data-testid="custody-link-entity" data-entity-id={e.id}
                      onChange={(ev) => setLinkIds((ids) => (ev.target.checked ? [...ids, e.id] : ids.filter((x) => x !== e.id)))} />
                    <span dir="auto">{e.caption || e.id}</span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>
        )}
        <div className="field">
          <label htmlFor="custody-purpose">{t('custody.purpose')}</label>
          <input id="custody-purpose" required maxLength={500} value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="custody-purpose-input" dir="auto" />
        </div>
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy || !ready} data-testid="custody-submit">{t('custody.submit')}</button>
        <p aria-live="polite" className="small ok-text" data-testid="custody-recorded">{done ? t('custody.recorded', { kind: done }) : ''}</p>
      </form>
    </section>
  );
}
