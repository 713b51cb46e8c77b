/**
 * A survivor's consent per purpose, on the entity page of a victim record (a VictimProfile or a
 * Person), for caseworkers (`consent:record`): the current decision for each purpose, and buttons
 * to record that consent was given or withdrawn, with a note on how (never a name). Every share
 * of a victim's (pseudonymised) record needs the consent its purpose calls for. Renders nothing
 * for other records or users.
 */
import { useState } from 'react';
import { sharingApi } from '../../api/sharing.ts';
import { CONSENT_PURPOSES, type Consent, type ConsentPurpose } from '../../api/sharing-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { useSchema } from '../../schema/SchemaProvider.tsx';
import { takesConsent } from './consent-view.ts';
import './sharing.css';

function Panel({ entityId }: { entityId: string }) {
  const { t, formatDateTime } = useI18n();
  const consents = useAsync(() => sharingApi.consents(entityId), [entityId]);
  const record = useAction();
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<Consent | null>(null);
  const current = new Map<ConsentPurpose, Consent>((consents.data?.current ?? []).map((c) => [c.purpose, c]));

  async function decide(purpose: ConsentPurpose, granted: boolean): Promise<void> {
    const result = await record.run(() => sharingApi.recordConsent({ entityId, purpose, granted, note: note.trim() || undefined }));
    if (result) {
      setSaved(result);
      setNote('');
      consents.reload();
    }
  }

  return (
    <section className="card sharing-consent" aria-labelledby="consent-panel-title" data-testid="consent-panel">
      <h2 id="consent-panel-title">{t('sharing.consent.title')}</h2>
      <p className="hint">{t('sharing.consent.intro')}</p>
      <ErrorBox error={consents.error} />
      {!consents.data ? (!consents.error && <Loading />) : (
        <ul className="list compact">
          {CONSENT_PURPOSES.map((purpose) => {
            const c = current.get(purpose);
            const state = !c ? 'none' : c.granted ? 'granted' : 'withdrawn';
            return (
              <li key={purpose} className="list-item sharing-consent-row" data-testid="consent-purpose" data-purpose={purpose} data-state={state}>
                <div className="grow">
                  <span className="choice-title">{t(`sharing.consentPurpose.${purpose}`)}</span>
                  <span className={`badge sharing-consent-${state}`}>{t(`sharing.consent.state.${state}`)}</span>
                  {c && <span className="muted small"> {formatDateTime(c.at)}</span>}
                  {c?.note && <p className="small muted" dir="auto">{c.note}</p>}
                </div>
                <div className="actions">
                  <button type="button" className="btn btn-small" disabled={record.busy || state === 'granted'} onClick={() => void decide(purpose, true)}
                    data-testid="consent-grant">{t('sharing.consent.grant')}</button>
                  <button type="button" className="btn btn-small btn-danger-quiet" disabled={record.busy || state !== 'granted'} onClick={() => void decide(purpose, false)}
                    data-testid="consent-withdraw">{t('sharing.consent.withdraw')}</button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="field">
        <label htmlFor="consent-note">{t('sharing.consent.note')}</label>
        <input id="consent-note" value={note} dir="auto" maxLength={500} onChange={(e) => setNote(e.target.value)} aria-describedby="consent-note-hint" data-testid="consent-note" />
        <p id="consent-note-hint" className="hint">{t('sharing.consent.noteHint')}</p>
      </div>
      {saved && (
        <p className="small ok-text" role="status" data-testid="consent-saved">
          {t(saved.granted ? 'sharing.consent.savedGranted' : 'sharing.consent.savedWithdrawn', { purpose: t(`sharing.consentPurpose.${saved.purpose}`) })}
        </p>
      )}
      <ErrorBox error={record.error} />
    </section>
  );
}

export function ConsentPanel({ entityId, schema }: { entityId: string; schema: string }) {
  const { can } = useSession();
  const { model } = useSchema();
  if (!can('consent:record') || !takesConsent(model?.schemata, schema)) return null;
  return <Panel entityId={entityId} />;
}
