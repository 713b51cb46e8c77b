/**
 * Check a bundle: drop or pick the file, it streams to the server's verifier (nothing is kept),
 * and the answer says plainly whether the bundle is intact, which signing key vouched for it (to
 * compare with the fingerprint the organisation publishes) and, if not intact, every problem found.
 */
import { useRef, useState } from 'react';
import type { BundleVerification } from '../../api/evidence-types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatBytes } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import { verificationFacts } from '../../lib/verification.ts';
import { verifyBundle } from '../../lib/verify-bundle.ts';

function Result({ result }: { result: BundleVerification }) {
  const { t, formatDateTime } = useI18n();
  const facts = verificationFacts(result.summary);
  return (
    <div data-testid="verify-result" data-ok={result.ok ? 'true' : 'false'}>
      <div className={`verdict ${result.ok ? 'verdict-ok' : 'verdict-bad'}`} role="status" data-testid="verify-verdict">
        <strong>{result.ok ? `✓ ${t('verify.intact')}` : `✗ ${t('verify.notIntact')}`}</strong>
        <p>{result.ok ? t('verify.intactBody') : t('verify.notIntactBody', { count: result.problems.length })}</p>
      </div>
      {facts.fingerprint && (
        <section className="card" aria-labelledby="key-title">
          <h2 id="key-title">{t('verify.key')}</h2>
          {facts.keyName && <p className="small">{t('verify.keyName')}: <code dir="ltr">{facts.keyName}</code></p>}
          <p className="secret-row"><code className="secret" dir="ltr" data-testid="verify-fingerprint">{facts.fingerprint}</code>
            <CopyButton text={facts.fingerprint} label={t('verify.copyFingerprint')} /></p>
          <p className="hint">{t('verify.keyAdvice')}</p>
        </section>
      )}
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t('verify.summary')}</h2>
        <dl className="dl-grid" data-testid="verify-summary">
          {facts.rows.map(([name, value]) => (
            <div key={name} className="dl-row">
              <dt>{t(`verify.summary.${name}`)}</dt>
              <dd dir={name === 'case' || name === 'recipient' ? 'auto' : 'ltr'} className="break" data-testid={`verify-summary-${name}`}>
                {name === 'createdAt' ? formatDateTime(value) : value}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {result.problems.length > 0 && (
        <section aria-labelledby="problems-title">
          <h2 id="problems-title">{t('verify.problems')}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="verify-problems">
              <thead>
                <tr>
                  <th scope="col">{t('verify.code')}</th>
                  <th scope="col">{t('verify.where')}</th>
                  <th scope="col">{t('verify.message')}</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.map((p, i) => (
                  <tr key={i} data-testid="verify-problem" data-code={p.code}>
                    <td><code dir="ltr">{p.code}</code></td>
                    <td className="small break" dir="ltr">
                      {p.path && <div>{t('verify.path')}: <code data-testid="verify-problem-path">{p.path}</code></div>}
                      {p.item && <div>{t('verify.item')}: <code>{p.item}</code></div>}
                      {p.seq !== undefined && <div>{t('verify.seq')}: <code>{p.seq}</code></div>}
                      {!p.path && !p.item && p.seq === undefined && '—'}
                    </td>
                    <td className="break">{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

export function VerifyPage() {
  const { t, locale } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const [result, setResult] = useState<BundleVerification | null>(null);
  // a new file aborts the check in flight; busy lasts until every started check has settled
  const { busy, error, run } = useAction();
  const abort = useRef<AbortController | null>(null);

  async function check(chosen: File): Promise<void> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setFile(chosen);
    setSent(0);
    setResult(null);
    await run(async () => {
      try {
        setResult(await verifyBundle(chosen, (n) => setSent(n), controller.signal));
      } catch (err) {
        if (!(err instanceof DOMException && err.name === 'AbortError')) throw err;
      }
    });
  }

  return (
    <div className="page narrow">
      <h1>{t('verify.title')}</h1>
      <p className="muted">{t('verify.intro')}</p>
      <DropZone multiple={false} onFiles={(files) => files[0] && void check(files[0])} title={t('verify.drop')} button={t('verify.choose')}
        accept=".tar,application/x-tar" testId="verify-drop" />
      <div aria-live="polite">
        {file && busy && (
          <div className="verify-progress">
            <p dir="auto">{sent < file.size ? t('verify.sending', { name: file.name }) : t('verify.checking', { name: file.name })}</p>
            <ProgressBar done={sent} total={file.size} label={t('verify.progress')} testId="verify-progress"
              text={t('upload.bytes', { sent: formatBytes(sent, locale), total: formatBytes(file.size, locale) })} />
          </div>
        )}
      </div>
      <ErrorBox error={error} />
      {result && file && <p className="muted small" dir="auto">{t('verify.checked', { name: file.name, size: formatBytes(file.size, locale) })}</p>}
      {result && <Result result={result} />}
    </div>
  );
}
