/**
 * Screen one name against every loaded sanctions list: matches best first with their scores
 * and reasons, and the list versions screened against. The name goes in the POST body only
 * (never the URL), and is kept in component state, not history.
 */
import { useState, type FormEvent } from 'react';
import { screeningApi } from '../../api/screening.ts';
import type { Gender, ScreeningAnswer } from '../../api/screening-types.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { Empty } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { MatchList } from './MatchList.tsx';
import { ScreenedLists } from './ScreenedLists.tsx';

const GENDERS: readonly Gender[] = ['male', 'female', 'other'];

export function ScreeningPage() {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [nationality, setNationality] = useState('');
  const [gender, setGender] = useState<Gender | ''>('');
  const [nearMisses, setNearMisses] = useState(false);
  const [answer, setAnswer] = useState<ScreeningAnswer | null>(null);
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const result = await run(() => screeningApi.screen({
      name: name.trim(),
      birthDate: birthDate.trim() || undefined,
      nationality: nationality.trim().toLowerCase() || undefined,
      gender: gender || undefined,
      nearMisses,
    }));
    setAnswer(result ?? null);
  }

  return (
    <div className="page">
      <h1>{t('screening.title')}</h1>
      <p className="muted">{t('screening.intro')}</p>
      <div className="two-col">
        <section aria-labelledby="screen-results-title">
          <h2 id="screen-results-title">{t('screening.results')}</h2>
          <ErrorBox error={error} />
          <div aria-live="polite" data-testid="screening-results">
            {answer === null ? <Empty>{t('screening.notYet')}</Empty> : (
              <>
                <p className="muted small" data-testid="screening-summary">
                  {t('screening.summary', { matches: answer.matches.filter((m) => m.match).length, near: answer.matches.filter((m) => !m.match).length, threshold: answer.threshold.toFixed(2), algorithm: answer.algorithm })}
                </p>
                {answer.matches.length === 0 ? <Empty>{t('screening.noMatches')}</Empty>
                  : <MatchList matches={answer.matches} threshold={answer.threshold} />}
                <h3 className="small-head">{t('screening.listsScreened')}</h3>
                <ScreenedLists lists={answer.lists} />
              </>
            )}
          </div>
        </section>
        <aside>
          <form className="card" onSubmit={submit} aria-labelledby="screen-form-title" data-testid="screening-form">
            <h2 id="screen-form-title">{t('screening.form')}</h2>
            <div className="field">
              <label htmlFor="screen-name">{t('screening.name')} <span className="required" aria-hidden="true">*</span></label>
              <input id="screen-name" required maxLength={500} dir="auto" autoComplete="off" value={name}
                onChange={(e) => setName(e.target.value)} data-testid="screening-name" />
              <p className="hint">{t('screening.nameHint')}</p>
            </div>
            <div className="field">
              <label htmlFor="screen-dob">{t('screening.birthDate')}</label>
              <input id="screen-dob" dir="ltr" inputMode="numeric" pattern="\d{4}(-\d{2}(-\d{2})?)?" placeholder="YYYY-MM-DD" value={birthDate}
                onChange={(e) => setBirthDate(e.target.value)} data-testid="screening-birthdate" aria-describedby="screen-dob-hint" />
              <p className="hint" id="screen-dob-hint">{t('screening.birthDateHint')}</p>
            </div>
            <div className="field">
              <label htmlFor="screen-nat">{t('screening.nationality')}</label>
              <input id="screen-nat" dir="ltr" maxLength={10} pattern="[A-Za-z]{2}(-[A-Za-z]+)?" value={nationality}
                onChange={(e) => setNationality(e.target.value)} data-testid="screening-nationality" aria-describedby="screen-nat-hint" />
              <p className="hint" id="screen-nat-hint">{t('screening.nationalityHint')}</p>
            </div>
            <div className="field">
              <label htmlFor="screen-gender">{t('screening.gender')}</label>
              <select id="screen-gender" value={gender} onChange={(e) => setGender(e.target.value as Gender | '')} data-testid="screening-gender">
                <option value="">{t('screening.genderAny')}</option>
                {GENDERS.map((g) => <option key={g} value={g}>{t(`screening.gender.${g}`)}</option>)}
              </select>
            </div>
            <label className="check field">
              <input type="checkbox" checked={nearMisses} onChange={(e) => setNearMisses(e.target.checked)} data-testid="screening-near-misses" />
              {t('screening.nearMisses')}
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="screening-submit">
              {busy ? t('screening.screening') : t('screening.screen')}
            </button>
          </form>
        </aside>
      </div>
    </div>
  );
}
