/**
 * One submission for the team: the account, how to reach the sender (if named), their consent,
 * the items, the conversation with a box to ask the sender a question, and triage: move it into
 * a case or close it. Opening it is journalled by the server.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { evidenceApi } from '../../api/evidence.ts';
import type { SubmissionDetail } from '../../api/evidence-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { allowedPurposes } from '../../lib/consent.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { EvidenceTable } from '../evidence/EvidenceTable.tsx';

function Ask({ id, onSent }: { id: string; onSent: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  async function send(event: FormEvent): Promise<void> {
    event.preventDefault();
    await run(async () => {
      await evidenceApi.askSender(id, text.trim());
      setText('');
      onSent();
    });
  }
  return (
    <form onSubmit={send} className="reply">
      <label htmlFor="ask-text">{t('inbox.ask')}</label>
      <textarea id="ask-text" rows={3} maxLength={20_000} value={text} onChange={(e) => setText(e.target.value)} data-testid="ask-text" dir="auto" />
      <p className="hint">{t('inbox.askHint')}</p>
      <ErrorBox error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || !text.trim()} data-testid="ask-send">{t('inbox.askSend')}</button>
    </form>
  );
}

function Triage({ submission, onDone }: { submission: SubmissionDetail; onDone: () => void }) {
  const { t } = useI18n();
  const cases = useAsync(() => api.listCases({ limit: 200 }), []);
  const [caseId, setCaseId] = useState('');
  const { busy, error, run: act } = useAction();
  async function run(decision: { caseId: string } | { close: true }): Promise<void> {
    await act(async () => {
      await evidenceApi.triage(submission.id, decision);
      onDone();
    });
  }
  const open = (cases.data?.items ?? []).filter((c) => c.status === 'open');
  return (
    <section className="card" aria-labelledby="triage-title" data-testid="triage">
      <h2 id="triage-title">{t('inbox.triage')}</h2>
      {submission.caseId && (
        <p className="small">{t('inbox.inCase')} <Link to={paths.case(submission.caseId)}>{open.find((c) => c.id === submission.caseId)?.name ?? submission.caseId}</Link></p>
      )}
      <form onSubmit={(e) => { e.preventDefault(); if (caseId) void run({ caseId }); }}>
        <div className="field">
          <label htmlFor="triage-case">{t('inbox.moveTo')}</label>
          <select id="triage-case" value={caseId} onChange={(e) => setCaseId(e.target.value)} data-testid="triage-case">
            <option value="">{t('inbox.chooseCase')}</option>
            {open.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !caseId} data-testid="triage-move">{t('inbox.move')}</button>
          {submission.status !== 'closed' && (
            <button type="button" className="btn" disabled={busy} onClick={() => void run({ close: true })} data-testid="triage-close">{t('inbox.close')}</button>
          )}
        </div>
      </form>
      <ErrorBox error={error ?? cases.error} />
    </section>
  );
}

export function SubmissionPage({ submissionId }: { submissionId: string }) {
  const { t, formatDateTime } = useI18n();
  const detail = useAsync(() => evidenceApi.getSubmission(submissionId), [submissionId]);
  if (!detail.data) return <div className="page">{detail.error ? <ErrorBox error={detail.error} /> : <Loading />}</div>;
  const s = detail.data;
  const purposes = allowedPurposes(s.consent);
  return (
    <div className="page">
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb"><Link to={paths.submissions()}>{t('nav.submissions')}</Link></nav>
      <div className="page-head">
        <h1 data-testid="submission-title">{t(`submission.kind.${s.kind}`)} · {formatDateTime(s.createdAt)}</h1>
        <span className="badge" data-testid="submission-status">{t(`submission.status.${s.status}`)}</span>
      </div>
      <div className="two-col wide-main">
        <div>
          <section aria-labelledby="account-title">
            <h2 id="account-title">{t('inbox.account')}</h2>
            {s.account === null
              ? <p className="banner-sealed" role="note" data-testid="submission-account-sealed">🔒 {t('inbox.sealedAccount')}</p>
              : <blockquote className="account-text" dir="auto" lang={s.language} data-testid="submission-account">{s.account}</blockquote>}
            {s.sealedHidden && s.account !== null && <p className="muted small">🔒 {t('inbox.sealedHidden')}</p>}
          </section>
          <section aria-labelledby="sub-items-title">
            <h2 id="sub-items-title">{t('followup.items')}</h2>
            {s.items.length === 0 ? <Empty>{t('followup.noItems')}</Empty> : <EvidenceTable items={s.items} />}
          </section>
          <section aria-labelledby="conv-title" className="card">
            <h2 id="conv-title">{t('followup.messages')}</h2>
            {s.messages.length === 0 ? <p className="muted">{t('followup.noMessages')}</p> : (
              <ol className="thread" data-testid="submission-thread">
                {s.messages.map((m) => (
                  <li key={m.id} className={`message ${m.author === 'team' ? 'own' : 'other'}`} data-author={m.author}>
                    <p className="muted small">{m.author === 'team' ? t('inbox.fromTeam') : t('inbox.fromSender')} · {formatDateTime(m.at)}</p>
                    <p className="message-text" dir="auto">{m.text}</p>
                  </li>
                ))}
              </ol>
            )}
            <Ask id={s.id} onSent={detail.reload} />
          </section>
        </div>
        <aside>
          <section className="card" aria-labelledby="sender-title">
            <h2 id="sender-title">{t('inbox.sender')}</h2>
            <dl className="dl-grid">
              <div className="dl-row"><dt>{t('inbox.identity')}</dt><dd>{s.named ? t('submission.named') : t('submission.anonymous')}</dd></div>
              {s.contact && <div className="dl-row"><dt>{t('submit.contact')}</dt><dd dir="auto" data-testid="submission-contact">{s.contact}</dd></div>}
              <div className="dl-row"><dt>{t('inbox.language')}</dt><dd>{s.language}</dd></div>
              <div className="dl-row">
                <dt>{t('consent.title')}</dt>
                <dd data-testid="submission-consent">
                  {purposes.length ? purposes.map((p) => t(`consent.purpose.${p}`)).join(', ') : t('consent.none')}
                  {' · '}{t(`consent.visibility.${s.consent.visibility}`)}
                  {s.consent.organisations?.length ? `: ${s.consent.organisations.join(', ')}` : ''}
                </dd>
              </div>
            </dl>
          </section>
          <Triage submission={s} onDone={detail.reload} />
        </aside>
      </div>
    </div>
  );
}
