/**
 * Pulls the facts OFAC writes only into the free-text Remarks of sdn.csv (legacy CSV set):
 * weak a.k.a.s (`a.k.a. 'X'` — OFAC keeps them out of alt.csv), dates and places of birth,
 * nationality and passport / national ID numbers. Anything not recognised stays in `notes`.
 */
import type { CountryResolver } from './country-names.ts';

const MONTHS: Readonly<Record<string, string>> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

export interface RemarkFacts {
  readonly weakAlias: string[];
  readonly birthDate: string[];
  readonly birthPlace: string[];
  readonly nationality: string[];
  readonly passportNumber: string[];
  readonly idNumber: string[];
  /** qualifiers FtM dates cannot carry (`circa 1960`, `1960 to 1962`) */
  readonly dateNotes: string[];
}

/** `15 Aug 1958` → 1958-08-15, `Aug 1958` → 1958-08, `1958` → 1958, `circa 1958` / `1958 to 1960` → years */
function parseDob(text: string, out: RemarkFacts): void {
  const range = /^(\d{4}) to (\d{4})$/.exec(text);
  if (range) {
    out.birthDate.push(range[1]!, range[2]!);
    out.dateNotes.push(`Date of birth: between ${range[1]} and ${range[2]}`);
    return;
  }
  const circa = /^circa (\d{4})$/i.exec(text);
  if (circa) {
    out.birthDate.push(circa[1]!);
    out.dateNotes.push(`Date of birth: approximately ${circa[1]}`);
    return;
  }
  const full = /^(?:(\d{1,2}) )?([A-Za-z]{3}) (\d{4})$/.exec(text);
  const month = full ? MONTHS[full[2]!.toLowerCase()] : undefined;
  if (full && month) out.birthDate.push(full[1] ? `${full[3]}-${month}-${full[1].padStart(2, '0')}` : `${full[3]}-${month}`);
  else if (/^\d{4}$/.test(text)) out.birthDate.push(text);
}

/** @example parseOfacRemarks("DOB 15 Aug 1958; a.k.a. 'ABU X'.", resolve).weakAlias // ['ABU X'] */
export function parseOfacRemarks(remarks: string, countries: CountryResolver): RemarkFacts {
  const out: RemarkFacts = { weakAlias: [], birthDate: [], birthPlace: [], nationality: [], passportNumber: [], idNumber: [], dateNotes: [] };
  for (const match of remarks.matchAll(/a\.k\.a\. '(.+?)'(?=[;.]|$)/g)) out.weakAlias.push(match[1]!);
  for (const raw of remarks.split(';')) {
    const part = raw.trim().replace(/\.$/, '').replace(/^alt\. /, '');
    let m: RegExpExecArray | null;
    if ((m = /^DOB (.+)$/.exec(part))) parseDob(m[1]!.trim(), out);
    else if ((m = /^POB (.+)$/.exec(part))) out.birthPlace.push(m[1]!.trim());
    else if ((m = /^(?:nationality|citizen) (.+)$/i.exec(part))) {
      const code = countries(m[1]!);
      if (code) out.nationality.push(code);
    } else if ((m = /^Passport ([A-Z0-9][A-Z0-9 -]{0,40}?)(?: \(|$)/.exec(part))) out.passportNumber.push(m[1]!.trim());
    else if ((m = /^(?:National ID No\.|Cedula No\.|Identification Number) ([A-Z0-9][A-Z0-9 -]{0,40}?)(?: \(|$)/.exec(part))) out.idNumber.push(m[1]!.trim());
  }
  return out;
}
