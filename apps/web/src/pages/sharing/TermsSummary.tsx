/** An agreement's terms as plain sentences in the UI language (see terms-text.ts). */
import type { AgreementTerms } from '../../api/sharing-types.ts';
import { describeTerms } from './terms-text.ts';
import { useTermsTextContext } from './use-sharing.ts';

export function TermsSummary({ terms, testId = 'terms-summary' }: { terms: AgreementTerms; testId?: string }) {
  const ctx = useTermsTextContext();
  const lines = describeTerms(terms, ctx);
  return (
    <ul className="sharing-terms" data-testid={testId}>
      {lines.map((line) => (
        <li key={line.kind} data-kind={line.kind} dir="auto">
          {line.text}
          {line.items && (
            <ul>
              {line.items.map((item) => <li key={item} dir="auto">{item}</li>)}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
