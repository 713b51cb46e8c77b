/**
 * The words organisation names are built from, in the languages the lists write them in:
 * English, French, Arabic romanised, and Arabic and Persian script. A list publishes "Libyan
 * Islamic Fighting Group" beside الجماعة الاسلامية المقاتلة الليبية, "Haqqani Network" beside
 * شبکه حقانی, "Groupe Islamique Armé" beside "Al Jamm'ah Al-Islamiah Al-Musallah": the name is
 * translated word for word, so the words meet as equivalent spellings. Hand-written
 * vocabulary (no names of people, nothing mined from the lists), merged into whatever
 * name-equivalence table the matcher compares by (`withOrganisationWords`).
 */
import { nameTokens } from './tokens.ts';

/** One word and its translations and transliterations; the first is the group's canonical spelling. */
export const ORGANISATION_WORDS: readonly (readonly string[])[] = [
  ['group', 'groups', 'groupe', 'jamaa', 'jamaah', 'jamaat', 'jamat', 'jammah', 'jemaah', 'jemaa', 'جماعة', 'جماعت'],
  ['islamic', 'islamique', 'islamiya', 'islamiyah', 'islamiyya', 'islamiyyah', 'islamia', 'islamiah', 'islami', 'الإسلامية', 'الاسلامية', 'الإسلامي', 'الاسلامي', 'اسلامی'],
  ['armed', 'arme', 'musallaha', 'musallah', 'musalaha', 'المسلحة'],
  ['army', 'armee', 'jaysh', 'jaish', 'jaich', 'jeish', 'جيش', 'جیش'],
  ['fighting', 'combatant', 'combattant', 'combattante', 'muqatila', 'muqatilah', 'moqatila', 'المقاتلة'],
  ['state', 'etat', 'dawla', 'dawlah', 'dawlat', 'الدولة', 'دولت'],
  ['movement', 'mouvement', 'haraka', 'harakah', 'harakat', 'حركة', 'حرکت'],
  ['network', 'reseau', 'shabaka', 'shabakah', 'shabakat', 'شبكة', 'شبکه'],
  ['organization', 'organisation', 'tanzim', 'tanzeem', 'tandhim', 'تنظيم', 'تنظیم'],
  ['office', 'bureau', 'maktab', 'makhtab', 'مكتب'],
  ['exchange', 'sarafi', 'sarrafi', 'sarafa', 'sirafa', 'sarraf', 'صرافة', 'صرافی', 'الصرافة'],
  ['front', 'jabha', 'jabhat', 'jabhah', 'جبهة'],
  ['brigades', 'brigade', 'katiba', 'katibat', 'kataib', 'كتيبة', 'كتائب'],
  ['emigrants', 'emigrant', 'muhajirin', 'muhajireen', 'muhajiroun', 'mouhajirine', 'المهاجرين'],
  ['supporters', 'partisans', 'ansar', 'ansaar', 'الأنصار', 'الانصار'],
  ['jihad', 'jehad', 'djihad', 'الجهاد'],
  ['levant', 'sham', 'shaam', 'الشام'],
  ['iraq', 'irak', 'العراق'],
  ['yemen', 'yaman', 'اليمن'],
  ['libya', 'libyan', 'libye', 'libyen', 'libyenne', 'libiya', 'ليبيا', 'الليبية'],
  ['tunisia', 'tunisian', 'tunisie', 'tunisien', 'tunisiya', 'تونس', 'التونسية'],
  ['egypt', 'egyptian', 'egypte', 'egyptien', 'misr', 'masri', 'misri', 'مصر', 'المصري'],
  ['maghreb', 'maghrib', 'المغرب'],
  ['africa', 'afrique', 'ifriqiya', 'افريقيا', 'إفريقيا'],
  ['west', 'ouest', 'gharb', 'غرب'],
  ['unification', 'unicite', 'tawhid', 'tawheed', 'التوحيد'],
  ['foundation', 'fondation', 'muassasa', 'muassasat', 'مؤسسة'],
  ['society', 'association', 'jamiya', 'jamiyat', 'jamiyya', 'جمعية'],
  ['committee', 'comite', 'lajna', 'lajnat', 'لجنة'],
  ['charitable', 'charity', 'caritative', 'khayriya', 'khairiya', 'khayriyya', 'خيرية'],
  ['relief', 'secours', 'ighatha', 'إغاثة', 'اغاثة'],
  ['international', 'internationale', 'dawliya', 'duwaliya', 'الدولية'],
  ['bank', 'banque', 'بنك', 'مصرف'],
  ['trading', 'trade', 'commerce', 'tijara', 'tijarat', 'تجارة'],
  ['national', 'nationale', 'wataniya', 'الوطنية'],
];

let spellings: ReadonlyMap<string, string> | undefined;

/**
 * Each word's token spelling (as `nameTokens` writes it: "الجماعة" is "jmaa") → its group's
 * canonical spelling, prefixed "org:" so it never coincides with a name's canonical spelling.
 * @example organisationWordSpellings().get('jmaa') // 'org:group'
 */
export function organisationWordSpellings(): ReadonlyMap<string, string> {
  if (spellings) return spellings;
  const out = new Map<string, string>();
  for (const [canonical, ...others] of ORGANISATION_WORDS) {
    for (const word of [canonical!, ...others]) {
      const tokens = nameTokens(word).filter((t) => t.role === 'name');
      if (tokens.length === 1) out.set(tokens[0]!.text, `org:${canonical}`);
    }
  }
  return (spellings = out);
}

const merged = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, string>>();

/**
 * A name-equivalence table (spelling → canonical spelling) with the organisation words added.
 * Where a word is already in the table its whole group there joins the word's group, so no
 * group is split. Cached per table.
 * @example withOrganisationWords(shippedCanonicalSpellings()).get('jaysh') // 'org:army'
 */
export function withOrganisationWords(table: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const seen = merged.get(table);
  if (seen) return seen;
  const words = organisationWordSpellings();
  // the table's canonical spellings a word group absorbs
  const absorbed = new Map<string, string>();
  for (const [text, group] of words) {
    const canonical = table.get(text);
    if (canonical !== undefined) absorbed.set(canonical, group);
  }
  const out = new Map<string, string>();
  for (const [text, canonical] of table) out.set(text, absorbed.get(canonical) ?? canonical);
  for (const [text, group] of words) out.set(text, group);
  merged.set(table, out);
  return out;
}
