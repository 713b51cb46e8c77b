/** Shows an API problem: a translated headline for known codes, the server's detail and field errors. */
import type { ApiError } from '../api/problem.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

const KNOWN = new Set([
  'ARIADNE_VALIDATION_FAILED', 'ARIADNE_NOT_FOUND', 'ARIADNE_CONFLICT', 'ARIADNE_UNAUTHENTICATED',
  'ARIADNE_FORBIDDEN', 'ARIADNE_CSRF_FAILED', 'ARIADNE_ACCOUNT_LOCKED', 'ARIADNE_RATE_LIMITED',
  'ARIADNE_NETWORK', 'ARIADNE_INTERNAL', 'ARIADNE_PAYLOAD_TOO_LARGE', 'ARIADNE_UNKNOWN_SCHEMA',
  'ARIADNE_UPLOAD_INCOMPLETE', 'ARIADNE_EVIDENCE_CORRUPT',
]);

export function problemHeadline(t: (k: string) => string, error: ApiError): string {
  return KNOWN.has(error.code) ? t(`error.${error.code}`) : error.problem.title;
}

export function ErrorBox({ error, testId, showFields = true }: { error: ApiError | null; testId?: string; showFields?: boolean }) {
  const { t } = useI18n();
  if (!error) return <div aria-live="assertive" className="sr-only" />;
  const { detail, title, errors } = error.problem;
  const headline = problemHeadline(t, error);
  const fields = Object.entries(errors);
  return (
    <div className="alert alert-error" role="alert" aria-live="assertive" data-testid={testId ?? 'error'}>
      <strong>{headline}</strong>
      {detail && detail !== headline ? <p>{detail}</p> : headline !== title ? <p>{title}</p> : null}
      {showFields && fields.length > 0 && (
        <ul>
          {fields.map(([path, message]) => (
            <li key={path}><code>{path}</code>: {message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
