/**
 * Incoming packages: drop a received `.ariadne-share` file to import it. The server verifies it
 * (decryption, signature, addressee, hashes, partner, agreement, dates, terms, replay) and writes
 * everything in one transaction or nothing; the page says what was written and where, or why it
 * was refused, in a sentence. Below, every package received, with the refused ones' reasons.
 */
import { useRef, useState } from 'react';
import { importPackage, sharingApi, SharingError } from '../../api/sharing.ts';
import type { ImportedPackage } from '../../api/sharing-types.ts';
import { useSession } from '../../auth/AuthProvider.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty, LoadMore, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { usePaged } from '../../lib/use-async.ts';
import { useAction } from '../../lib/use-action.ts';
import { Link } from '../../router/router.tsx';
import { paths } from '../../router/routes.ts';
import { PackagesTable } from './PackagesTable.tsx';
import { receivedPackagePath } from './received-view.ts';
import { SharingNav } from './SharingNav.tsx';
import { useDirectory } from './use-sharing.ts';

type Outcome =
  | { kind: 'imported'; file: string; pkg: ImportedPackage; caseId: string | null }
  | { kind: 'refused'; file: string; error: SharingError };

function written(pkg: ImportedPackage): number {
  return pkg.counts.written ?? pkg.counts.entities ?? 0;
}

function ImportOutcome({ outcome, caseName }: { outcome: Outcome; caseName: (id: string) => string }) {
  const { t, formatNumber } = useI18n();
  if (outcome.kind === 'imported') {
    return (
      <div className="alert alert-ok" data-testid="import-outcome" data-outcome="imported" data-written={written(outcome.pkg)}>
        <p><strong>{t('sharing.import.imported', { count: formatNumber(written(outcome.pkg)) })}</strong></p>
        {outcome.caseId && (
          <p>{t('sharing.import.intoCase')} <Link to={paths.case(outcome.caseId)} dir="auto" data-testid="import-case-link">{caseName(outcome.caseId)}</Link></p>
        )}
        {outcome.pkg.agreementId && <p><Link to={paths.sharingAgreement(outcome.pkg.agreementId)}>{t('sharing.import.agreement')}</Link></p>}
        {outcome.pkg.mla && <p data-testid="import-mla">{t('sharing.import.mla', { reference: String(outcome.pkg.mla.reference ?? '') })}</p>}
        <p><Link to={receivedPackagePath(outcome.pkg.id)} state={{ package: outcome.pkg }} data-testid="import-open">{t('sharing.import.open')}</Link></p>
      </div>
    );
  }
  const { reason, problem } = outcome.error;
  return (
    <div className="alert alert-error" data-testid="import-outcome" data-outcome="refused" data-reason={reason ?? ''}>
      <p><strong data-testid="import-refusal">{reason ? t(`sharing.refusal.${reason}`) : problem.title}</strong></p>
      {problem.detail && <p className="small" dir="auto">{problem.detail}</p>}
      <p className="small">{t('sharing.import.nothingWritten')}</p>
    </div>
  );
}

export function IncomingPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const directory = useDirectory();
  const received = usePaged((cursor) => sharingApi.packages({ direction: 'incoming', cursor }), []);
  const importing = useAction();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busyFile, setBusyFile] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const list = received.data ?? [];

  async function take(files: File[]): Promise<void> {
    const file = files[0];
    if (!file) return;
    setOutcome(null);
    setBusyFile(file.name);
    let next: Outcome | null = null;
    await importing.run(async () => {
      try {
        const pkg = await importPackage(file);
        next = { kind: 'imported', file: file.name, pkg, caseId: pkg.caseId ?? null };
      } catch (error) {
        if (error instanceof SharingError && (error.reason || error.status === 422 || error.status === 409)) next = { kind: 'refused', file: file.name, error };
        else throw error;
      }
    });
    setBusyFile(null);
    setOutcome(next);
    received.reload();
    requestAnimationFrame(() => box.current?.focus());
  }

  return (
    <div className="page sharing-page">
      <h1>{t('sharing.title')}</h1>
      <SharingNav current="incoming" />
      {can('share:receive') && (
        <section className="card" aria-labelledby="import-title">
          <h2 id="import-title">{t('sharing.import.title')}</h2>
          <p className="hint">{t('sharing.import.intro')}</p>
          <DropZone onFiles={(files) => void take(files)} multiple={false} accept=".ariadne-share,application/octet-stream" title={t('sharing.import.drop')}
            button={t('sharing.import.choose')} testId="package-drop" large />
          {busyFile && <p className="muted loading" role="status"><span className="spinner" aria-hidden="true" /> {t('sharing.import.verifying', { file: busyFile })}</p>}
          <div ref={box} tabIndex={-1} role="status" aria-live="polite">
            {outcome && <ImportOutcome outcome={outcome} caseName={directory.caseName} />}
          </div>
          <ErrorBox error={importing.error} />
        </section>
      )}
      <section aria-labelledby="received-title">
        <h2 id="received-title">{t('sharing.received')}</h2>
        <ErrorBox error={received.error} />
        {received.loading && list.length === 0 ? <Loading /> : list.length === 0 && !received.error ? <Empty>{t('sharing.received.none')}</Empty> : (
          <PackagesTable packages={list} partnerName={directory.partnerName} caption={t('sharing.received')} />
        )}
        <LoadMore hasMore={received.hasMore} loading={received.loading} onClick={received.loadMore} />
      </section>
    </div>
  );
}
