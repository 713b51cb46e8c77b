/** An agreement's state (draft, active, revoked, expired, not yet valid) and its approvals, n of m. */
import type { Agreement } from '../../api/sharing-types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { agreementState, approvalCount } from './agreement-view.ts';

export function AgreementState({ agreement, now }: { agreement: Agreement; now: Date }) {
  const { t } = useI18n();
  const state = agreementState(agreement, now);
  return <span className={`badge sharing-state-${state}`} data-testid="agreement-state" data-state={state}>{t(`sharing.state.${state}`)}</span>;
}

export function ApprovalCount({ agreement }: { agreement: Agreement }) {
  const { t, formatNumber } = useI18n();
  const { given, required } = approvalCount(agreement);
  return (
    <span className="small" data-testid="agreement-approvals" data-given={given} data-required={required}>
      {t('sharing.approvalsOf', { given: formatNumber(given), required: formatNumber(required) })}
    </span>
  );
}
