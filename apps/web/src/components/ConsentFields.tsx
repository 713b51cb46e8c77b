/**
 * Per-purpose consent (prosecution, sanctions, statistics: all unchecked until chosen) and who may
 * see the material, with plain explanations of each choice.
 */
import { CONSENT_PURPOSES } from '../api/evidence-types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ConsentDraft } from '../lib/consent.ts';

export function ConsentFields({ value, onChange, idPrefix, large }: {
  value: ConsentDraft;
  onChange: (next: ConsentDraft) => void;
  idPrefix: string;
  large?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={large ? 'consent large' : 'consent'} data-testid={`${idPrefix}-consent`}>
      <fieldset className="field">
        <legend>{t('consent.purposes')}</legend>
        <p className="hint">{t('consent.purposesHint')}</p>
        {CONSENT_PURPOSES.map((purpose) => (
          <label key={purpose} className="choice" htmlFor={`${idPrefix}-consent-${purpose}`}>
            <input id={`${idPrefix}-consent-${purpose}`} type="checkbox" checked={value[purpose]}
              onChange={(e) => onChange({ ...value, [purpose]: e.target.checked })} data-testid={`${idPrefix}-consent-${purpose}`} />
            <span>
              <span className="choice-title">{t(`consent.purpose.${purpose}`)}</span>
              <span className="hint">{t(`consent.purposeHint.${purpose}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="field">
        <legend>{t('consent.visibility')}</legend>
        {(['case-team', 'named'] as const).map((v) => (
          <label key={v} className="choice" htmlFor={`${idPrefix}-visibility-${v}`}>
            <input id={`${idPrefix}-visibility-${v}`} type="radio" name={`${idPrefix}-visibility`} value={v} checked={value.visibility === v}
              onChange={() => onChange({ ...value, visibility: v })} data-testid={`${idPrefix}-visibility-${v}`} />
            <span>
              <span className="choice-title">{t(`consent.visibility.${v}`)}</span>
              <span className="hint">{t(`consent.visibilityHint.${v}`)}</span>
            </span>
          </label>
        ))}
        {value.visibility === 'named' && (
          <div className="field nested">
            <label htmlFor={`${idPrefix}-organisations`}>{t('consent.organisations')}</label>
            <textarea id={`${idPrefix}-organisations`} rows={2} value={value.organisations} aria-describedby={`${idPrefix}-organisations-hint`}
              onChange={(e) => onChange({ ...value, organisations: e.target.value })} data-testid={`${idPrefix}-organisations`} />
            <p id={`${idPrefix}-organisations-hint`} className="hint">{t('consent.organisationsHint')}</p>
          </div>
        )}
      </fieldset>
    </div>
  );
}
