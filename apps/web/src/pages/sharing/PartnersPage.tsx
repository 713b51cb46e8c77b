/**
 * Partners: our own identity card (name and fingerprint to read aloud, copied or downloaded to
 * give to a partner), the partners we know (with the fingerprint of the ledger key registered for
 * one, against which the evidence bundles it sends are checked), and adding one from its card, pasted or dropped, once
 * its fingerprint has been read back with the partner over another channel (a call). A partner
 * registered before it published its ledger key (or one that rotated it) gets it set later, per
 * partner, the fingerprint shown once saved so it can be read back the same way.
 */
import { useState } from 'react';
import { sharingApi } from '../../api/sharing.ts';
import type { Partner, PartyCard } from '../../api/sharing-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync, usePaged } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { saveJson } from '../../lib/save-file.ts';
import { Fingerprint } from './Fingerprint.tsx';
import { PasteOrDrop } from './PasteOrDrop.tsx';
import { parsePartyCard } from './share-files.ts';
import { SharingNav } from './SharingNav.tsx';

function cardFileName(card: PartyCard): string {
  return `${card.name.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'ariadne'}.ariadne-party.json`;
}

function OurCard() {
  const { t } = useI18n();
  const card = useAsync(() => sharingApi.identity(), []);
  return (
    <section className="card sharing-card" aria-labelledby="our-card-title" data-testid="our-card">
      <h2 id="our-card-title">{t('sharing.card.ours')}</h2>
      <ErrorBox error={card.error} />
      {!card.data ? (!card.error && <Loading />) : (
        <>
          <p className="sharing-card-name" dir="auto" data-testid="our-card-name">{card.data.name}</p>
          <p className="hint">{t('sharing.card.readAloud')}</p>
          <Fingerprint value={card.data.fingerprint} testId="our-fingerprint" />
          <div className="actions wrap">
            <CopyButton text={JSON.stringify(card.data, null, 2)} testId="our-card-copy" label={t('sharing.card.copy')} />
            <button type="button" className="btn btn-small" onClick={() => saveJson(cardFileName(card.data!), card.data)} data-testid="our-card-download">
              {t('sharing.card.download')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function AddPartner({ onAdded }: { onAdded: (partner: Partner) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [added, setAdded] = useState<Partner | null>(null);
  const add = useAction();
  const parsed = text.trim() ? parsePartyCard(text) : null;
  const card = parsed?.ok ? parsed.value : null;

  async function submit(): Promise<void> {
    if (!card || !confirmed) return;
    const partner = await add.run(() => sharingApi.addPartner(card, note.trim() || undefined));
    if (partner) {
      setAdded(partner);
      setText('');
      setNote('');
      setConfirmed(false);
      onAdded(partner);
    }
  }

  return (
    <div className="stack" data-testid="add-partner">
      <PasteOrDrop label={t('sharing.card.paste')} value={text} onChange={(v) => { add.clearError(); setAdded(null); setConfirmed(false); setText(v); }} testId="partner-card" />
      {parsed && !parsed.ok && <p className="field-error" role="alert" data-testid="partner-card-problem">{t(parsed.problem)}</p>}
      {card && (
        <div className="card" data-testid="partner-card-preview">
          <p className="sharing-card-name" dir="auto">{card.name}</p>
          <Fingerprint value={card.fingerprint} testId="partner-card-fingerprint" />
          <p className="small muted" data-testid="partner-card-ledger">{t(card.ledgerKey ? 'sharing.card.withLedgerKey' : 'sharing.card.withoutLedgerKey')}</p>
          <label className="choice confirm">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="partner-card-confirm" />
            <span>{t('sharing.card.confirm')}</span>
          </label>
          <div className="field">
            <label htmlFor="partner-note">{t('sharing.card.note')}</label>
            <input id="partner-note" value={note} dir="auto" onChange={(e) => setNote(e.target.value)} data-testid="partner-note" />
            <p className="hint">{t('sharing.card.noteHint')}</p>
          </div>
          <ErrorBox error={add.error} />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={!confirmed || add.busy} onClick={() => void submit()} data-testid="partner-add">
              {t('sharing.card.add')}
            </button>
          </div>
        </div>
      )}
      {added && <p className="alert alert-ok" role="status" data-testid="partner-added">{t('sharing.card.added', { name: added.name })}</p>}
    </div>
  );
}

/** sets or clears one partner's ledger verifier key; the server checks it in full */
function PartnerLedgerKey({ partner, onSaved }: { partner: Partner; onSaved: (partner: Partner) => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [saved, setSaved] = useState<Partner | null>(null);
  const save = useAction();
  const inputId = `partner-ledger-key-${partner.id}`;

  async function submit(ledgerKey: string | null): Promise<void> {
    const updated = await save.run(() => sharingApi.setPartnerLedgerKey(partner.id, ledgerKey));
    if (updated) {
      setSaved(updated);
      setKey('');
      onSaved(updated);
    }
  }

  return (
    <details className="small" data-testid="partner-ledger-key-form">
      <summary>{t('sharing.partners.ledgerKeySet')}</summary>
      <div className="field">
        <label htmlFor={inputId}>{t('sharing.partners.ledgerKeyLabel')}</label>
        <input id={inputId} value={key} dir="ltr" spellCheck={false} autoComplete="off"
          onChange={(e) => { save.clearError(); setSaved(null); setKey(e.target.value); }} data-testid="partner-ledger-key-input" />
        <p className="hint">{t('sharing.partners.ledgerKeyHint')}</p>
      </div>
      <ErrorBox error={save.error} />
      <div className="actions wrap">
        <button type="button" className="btn btn-small btn-primary" disabled={!key.trim() || save.busy} onClick={() => void submit(key.trim())} data-testid="partner-ledger-key-save">
          {t('sharing.partners.ledgerKeySave')}
        </button>
        {partner.ledgerKey && (
          <button type="button" className="btn btn-small" disabled={save.busy} onClick={() => void submit(null)} data-testid="partner-ledger-key-clear">
            {t('sharing.partners.ledgerKeyClear')}
          </button>
        )}
      </div>
      {saved && (saved.ledgerKeyFingerprint ? (
        <div role="status" data-testid="partner-ledger-key-saved">
          <p className="alert alert-ok">{t('sharing.partners.ledgerKeySaved')}</p>
          <Fingerprint value={saved.ledgerKeyFingerprint} testId="partner-ledger-key-saved-fingerprint" />
        </div>
      ) : <p className="alert alert-ok" role="status" data-testid="partner-ledger-key-cleared">{t('sharing.partners.ledgerKeyCleared')}</p>)}
    </details>
  );
}

export function PartnersPage() {
  const { t, formatDateTime } = useI18n();
  const { can } = useSession();
  const partners = usePaged((cursor) => sharingApi.partners({ cursor }), []);
  /** partners whose ledger key was set here: shown as saved without reloading the list (which would close their forms) */
  const [updated, setUpdated] = useState<Readonly<Record<string, Partner>>>({});
  const list = (partners.data ?? []).map((p) => updated[p.id] ?? p);
  return (
    <div className="page sharing-page">
      <h1>{t('sharing.title')}</h1>
      <SharingNav current="partners" />
      <div className="two-col">
        <section aria-labelledby="partners-title">
          <h2 id="partners-title">{t('sharing.partners')}</h2>
          <ErrorBox error={partners.error} />
          {partners.loading && list.length === 0 ? <Loading /> : list.length === 0 && !partners.error ? <Empty>{t('sharing.partners.none')}</Empty> : (
            <ul className="list" data-testid="partners">
              {list.map((p) => (
                <li key={p.id} className="list-item" data-testid="partner" data-partner-id={p.id}>
                  <p className="list-title" dir="auto">{p.name}</p>
                  <Fingerprint value={p.fingerprint} testId="partner-fingerprint" />
                  {p.ledgerKeyFingerprint && (
                    <p className="small" data-testid="partner-ledger-key">
                      <span className="muted">{t('sharing.partners.ledgerKey')} </span>
                      <code dir="ltr" className="mla-hash" data-fingerprint={p.ledgerKeyFingerprint}>{p.ledgerKeyFingerprint}</code>
                    </p>
                  )}
                  {p.note && <p className="small" dir="auto">{p.note}</p>}
                  <p className="muted small">{t('sharing.partners.added', { date: formatDateTime(p.createdAt) })}</p>
                  {can('share:manage') && <PartnerLedgerKey partner={p} onSaved={(saved) => setUpdated((prev) => ({ ...prev, [saved.id]: saved }))} />}
                </li>
              ))}
            </ul>
          )}
          <LoadMore hasMore={partners.hasMore} loading={partners.loading} onClick={partners.loadMore} />
          {can('share:manage') && (
            <section className="card" aria-labelledby="add-partner-title">
              <h2 id="add-partner-title">{t('sharing.card.addTitle')}</h2>
              <AddPartner onAdded={() => partners.reload()} />
            </section>
          )}
        </section>
        <aside>
          <OurCard />
        </aside>
      </div>
    </div>
  );
}
