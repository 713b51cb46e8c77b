/** The tamper-evident journal: entries, and a button to verify the hash chain. */
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { JournalVerification } from '../api/types.ts';
import { useSession } from '../auth/AuthProvider.tsx';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { JournalTable } from '../components/JournalTable.tsx';
import { Empty, LoadMore, Loading } from '../components/Status.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { usePaged } from '../lib/use-async.ts';
import { useAction } from '../lib/use-action.ts';

function Verify() {
  const { t, formatNumber } = useI18n();
  const [result, setResult] = useState<JournalVerification | null>(null);
  const { busy, error, run } = useAction();
  async function verify(): Promise<void> {
    setResult(null);
    await run(async () => {
      setResult(await api.verifyJournal());
    });
  }
  return (
    <div className="verify">
      <button type="button" className="btn" onClick={() => void verify()} disabled={busy} data-testid="journal-verify">
        {busy ? t('journal.verifying') : t('journal.verify')}
      </button>
      <div aria-live="polite" data-testid="journal-verify-result">
        {result && (
          <div className={`alert ${result.ok ? 'alert-ok' : 'alert-error'}`} data-ok={String(result.ok)}>
            <strong>{result.ok ? t('journal.verifyOk', { count: formatNumber(result.entries) })
              : t('journal.verifyBad', { seq: result.firstBadSeq ?? '?' })}</strong>
            {result.reason && <p>{result.reason}</p>}
            {result.head && <p className="small">{t('journal.head')}: <code dir="ltr" className="break">{result.head}</code></p>}
          </div>
        )}
      </div>
      <ErrorBox error={error} />
    </div>
  );
}

export function JournalPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const journal = usePaged((cursor) => api.listJournal({ cursor }), []);
  const items = journal.data ?? [];
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('journal.title')}</h1>
        {can('journal:verify') && <Verify />}
      </div>
      <p className="muted">{t('journal.intro')}</p>
      <ErrorBox error={journal.error} />
      {journal.loading && items.length === 0 ? <Loading /> : items.length === 0 && !journal.error ? <Empty>{t('journal.empty')}</Empty>
        : <JournalTable items={items} />}
      <LoadMore hasMore={journal.hasMore} loading={journal.loading} onClick={journal.loadMore} />
    </div>
  );
}
