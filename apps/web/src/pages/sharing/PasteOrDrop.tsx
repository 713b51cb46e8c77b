/** A small JSON file (an identity card, an offer) pasted into a text box or dropped as a file. */
import { useId, useState } from 'react';
import { DropZone } from '../../components/DropZone.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { MAX_CARD_TEXT, readTextFile } from './share-files.ts';

export function PasteOrDrop({ label, value, onChange, testId }: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [tooLarge, setTooLarge] = useState(false);

  async function take(files: File[]): Promise<void> {
    const file = files[0];
    if (!file) return;
    const text = await readTextFile(file, MAX_CARD_TEXT);
    setTooLarge(text === null);
    if (text !== null) onChange(text);
  }

  return (
    <div className="field sharing-paste">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={5} className="mono-input" dir="ltr" spellCheck={false} value={value}
        onChange={(e) => { setTooLarge(false); onChange(e.target.value); }} data-testid={`${testId}-text`} />
      <DropZone onFiles={(files) => void take(files)} multiple={false} accept=".json,application/json" title={t('sharing.paste.drop')}
        button={t('sharing.paste.choose')} testId={`${testId}-drop`} />
      {tooLarge && <p className="field-error" role="alert">{t('sharing.paste.tooLarge')}</p>}
    </div>
  );
}
