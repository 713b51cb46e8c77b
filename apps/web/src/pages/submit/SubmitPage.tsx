/**
 * The public page for survivors (or a caseworker with them) and for the tip line: no account,
 * mobile first, in English, Arabic or French. Choose to document your own experience, report
 * information, or come back with a receipt code. The code lives only in this component's state:
 * never in the URL, never in storage.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SubmissionKind } from '../../api/evidence-types.ts';
import { LOCALES, LOCALE_NAMES } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CodeEntry, FollowUp } from './FollowUp.tsx';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { SubmitForm } from './SubmitForm.tsx';

type View =
  | { name: 'choose'; note?: string }
  | { name: 'form'; kind: SubmissionKind }
  | { name: 'receipt'; code: string; files: readonly File[] }
  | { name: 'enterCode'; error?: string }
  | { name: 'followup'; code: string };

function LanguageButtons() {
  const { t, locale, setLocale } = useI18n();
  return (
    <nav className="lang-buttons" aria-label={t('header.language')} data-testid="submit-languages">
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} className={`btn${l === locale ? ' btn-primary' : ''}`} aria-pressed={l === locale}
          onClick={() => setLocale(l)} data-testid={`submit-lang-${l}`}>
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </nav>
  );
}

function Choose({ onChoose, onCode, note }: { onChoose: (kind: SubmissionKind) => void; onCode: () => void; note?: string }) {
  const { t } = useI18n();
  return (
    <div className="choose">
      {note && <p className="alert alert-ok" role="status" data-testid="submit-note">{note}</p>}
      <h1 tabIndex={-1}>{t('submit.title')}</h1>
      <p className="lead">{t('submit.intro')}</p>
      <ul className="reassure">
        <li>{t('submit.reassure.account')}</li>
        <li>{t('submit.reassure.consent')}</li>
        <li>{t('submit.reassure.data')}</li>
      </ul>
      <div className="choice-cards">
        <button type="button" className="choice-card" onClick={() => onChoose('account')} data-testid="submit-choose-account">
          <span className="choice-card-title">{t('submit.chooseAccount')}</span>
          <span className="choice-card-body">{t('submit.chooseAccountBody')}</span>
        </button>
        <button type="button" className="choice-card" onClick={() => onChoose('tip')} data-testid="submit-choose-tip">
          <span className="choice-card-title">{t('submit.chooseTip')}</span>
          <span className="choice-card-body">{t('submit.chooseTipBody')}</span>
        </button>
        <button type="button" className="choice-card quiet" onClick={onCode} data-testid="submit-have-code">
          <span className="choice-card-title">{t('submit.haveCode')}</span>
          <span className="choice-card-body">{t('submit.haveCodeBody')}</span>
        </button>
      </div>
    </div>
  );
}

export function SubmitPage() {
  const { t } = useI18n();
  const [view, setView] = useState<View>({ name: 'choose' });
  const choose = useCallback((note?: string) => {
    setView({ name: 'choose', note });
    window.scrollTo(0, 0);
  }, []);
  const badCode = useCallback((error: string) => setView({ name: 'enterCode', error }), []);
  // each step announces itself: focus moves to its heading (not on the first load)
  const firstView = useRef(true);
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    document.querySelector<HTMLElement>('.public-page h1')?.focus();
  }, [view.name]);

  return (
    <div className="public-page" data-testid="submit-page">
      <LanguageButtons />
      {view.name === 'choose' && <Choose note={view.note} onChoose={(kind) => setView({ name: 'form', kind })} onCode={() => setView({ name: 'enterCode' })} />}
      {view.name === 'form' && (
        <SubmitForm kind={view.kind} onBack={() => choose()} onSent={(code, files) => {
          setView({ name: 'receipt', code, files });
          window.scrollTo(0, 0);
        }} />
      )}
      {view.name === 'receipt' && (
        <ReceiptPanel code={view.code} files={view.files} onFollowUp={() => setView({ name: 'followup', code: view.code })}
          onFinish={() => choose(t('submit.finished'))} />
      )}
      {view.name === 'enterCode' && (
        <CodeEntry error={view.error} onBack={() => choose()} onCode={(code) => setView({ name: 'followup', code })} />
      )}
      {view.name === 'followup' && <FollowUp code={view.code} onLeave={() => choose(t('submit.finished'))} onBadCode={badCode} />}
    </div>
  );
}
