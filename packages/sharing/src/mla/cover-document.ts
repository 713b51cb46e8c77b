/**
 * The cover document of an MLA or extradition request (`mla/cover.<locale>.html`): the request
 * rendered for the people who decide on it, a central authority's officer or a judge, in English,
 * French or Arabic. One self-contained, printable HTML page: inline CSS, no scripts (a
 * content-security-policy forbids them), no external resources, every value HTML-escaped, right to
 * left with `lang="ar"` for Arabic. Sections follow the UNODC MLA Request Writer Tool's headings.
 *
 * It is a rendering of `mla/request.json`, which is authoritative; both travel in one signed
 * package. No dates or numbers go through locale formatting, so the same request gives the same
 * bytes (country names come from the runtime's CLDR data and are followed by their code).
 */
import type { ExploitationForm, MeasureKind, MlaAuthority, MlaEvidence, MlaMeasure, MlaOffence, MlaRequest, MlaSubject, SubjectRole, UrgencyLevel } from './mla-request.ts';

export const COVER_LOCALES = ['en', 'fr', 'ar'] as const;
export type CoverLocale = (typeof COVER_LOCALES)[number];

export interface CoverOptions {
  readonly locale: CoverLocale;
  /**
   * The fingerprint of the sender's signing key (as `fingerprint(identity)` gives it), printed in
   * the footer so the recipient can compare it with the one the requesting authority reads out.
   */
  readonly signingKeyFingerprint?: string;
}

// ---- the label table -------------------------------------------------------------------------

const EN = {
  title: { 'mutual-legal-assistance': 'Request for mutual legal assistance', extradition: 'Request for extradition' },
  reference: 'Reference',
  date: 'Date',
  urgency: 'Urgency',
  urgencyLevel: { normal: 'Normal', urgent: 'URGENT' } satisfies Record<UrgencyLevel, string>,
  urgencyReason: 'Reasons for urgency',
  caseLabel: 'Case',
  requesting: 'Requesting authority',
  requested: 'Requested authority',
  name: 'Name',
  country: 'Country',
  address: 'Address',
  contactRole: 'Contact (office)',
  confidentiality: 'Confidentiality',
  legalBasis: 'Legal basis',
  facts: 'Summary of facts',
  offences: 'Offences',
  provision: 'Legal provision',
  provisionText: 'Text of the provision',
  penalty: 'Maximum penalty',
  form: 'Form of exploitation',
  persons: 'Persons concerned',
  role: 'Role',
  aliases: 'Also known as',
  birthDate: 'Date of birth',
  nationality: 'Nationality',
  identifiers: 'Identifiers',
  whereabouts: 'Believed whereabouts',
  entityId: 'Case record',
  noPersons: 'No person is named in this request.',
  victimsNote: 'Victims appear only under a pseudonym (psn-…); their identities are not part of this request.',
  measures: 'Assistance requested',
  description: 'What is asked',
  linkToFacts: 'Link to the facts',
  concerns: 'Concerns',
  nobody: 'No particular person',
  evidence: 'Evidence',
  noEvidence: 'No evidence bundle accompanies this request.',
  bundle: 'Bundle',
  file: 'File in the package',
  items: 'Items',
  sha256: 'SHA-256',
  checkpoint: 'Ledger checkpoint',
  origin: 'Ledger',
  treeSize: 'Tree size',
  rootHash: 'Root hash',
  verifyTitle: 'How to verify the evidence',
  verifySteps: [
    'Each bundle is the file evidence/<file name> in this package. Compare its SHA-256 with the value above, using any SHA-256 tool (sha256sum FILE; on Windows: certutil -hashfile FILE SHA256).',
    'Check the files, custody events and ledger proofs inside it with: ariadne evidence verify <bundle> --key <published ledger key>, or with the standalone verifier it contains: node verify-bundle.mjs <bundle> --key <published ledger key>.',
    'Use the ledger key that the requesting authority publishes or gives you by a channel you trust, not only the copy inside the bundle. "RESULT: INTACT" means every file and custody event is covered by the signed ledger checkpoint listed above.',
  ],
  procedures: 'Execution procedures',
  contact: 'Contact',
  office: 'Office',
  channel: 'Channel',
  none: '—',
  footer: 'This document is a member of an Ariadne package (ariadne-share/1, kind mla-request), signed with the requesting authority\'s Ed25519 key and encrypted to the requested authority with age. The signature (manifest.sig) covers manifest.json, which holds the SHA-256 of this document, of mla/request.json and of every evidence bundle. To check it, confirm the sender\'s key fingerprint with the requesting authority by a channel you trust; Ariadne verifies the signature and every hash when it opens the package, and without Ariadne verify manifest.sig over the exact bytes of manifest.json, then each member\'s SHA-256 (format: docs/mla-package.md). mla/request.json is authoritative; this page renders it.',
  fingerprint: 'Sender\'s key fingerprint',
  kinds: {
    'evidence-taking': 'Taking of evidence or statements',
    'search-and-seizure': 'Search and seizure',
    'asset-freeze': 'Freezing of assets',
    confiscation: 'Confiscation',
    'records-production': 'Production of records',
    'service-of-documents': 'Service of documents',
    'hearing-by-video': 'Hearing by video conference',
    'provisional-arrest': 'Provisional arrest',
    extradition: 'Extradition',
    other: 'Other assistance',
  } satisfies Record<MeasureKind, string>,
  roles: {
    suspect: 'Suspect',
    accused: 'Accused',
    convicted: 'Convicted',
    witness: 'Witness',
    'victim (pseudonymised)': 'Victim (pseudonymised)',
    'account holder': 'Account holder',
    company: 'Company',
  } satisfies Record<SubjectRole, string>,
  forms: {
    sexual_exploitation: 'Sexual exploitation',
    forced_labour: 'Forced labour',
    slavery: 'Slavery',
    practices_similar_to_slavery: 'Practices similar to slavery',
    servitude: 'Servitude',
    removal_of_organs: 'Removal of organs',
    forced_marriage: 'Forced marriage',
    child_recruitment: 'Recruitment and use of children',
    sale_of_persons: 'Sale of persons',
  } satisfies Record<ExploitationForm, string>,
};

type Labels = typeof EN;

const FR: Labels = {
  title: { 'mutual-legal-assistance': 'Demande d’entraide judiciaire', extradition: 'Demande d’extradition' },
  reference: 'Référence',
  date: 'Date',
  urgency: 'Urgence',
  urgencyLevel: { normal: 'Normale', urgent: 'URGENT' },
  urgencyReason: 'Motifs de l’urgence',
  caseLabel: 'Affaire',
  requesting: 'Autorité requérante',
  requested: 'Autorité requise',
  name: 'Nom',
  country: 'Pays',
  address: 'Adresse',
  contactRole: 'Contact (service)',
  confidentiality: 'Confidentialité',
  legalBasis: 'Fondement juridique',
  facts: 'Résumé des faits',
  offences: 'Infractions',
  provision: 'Disposition légale',
  provisionText: 'Texte de la disposition',
  penalty: 'Peine maximale',
  form: 'Forme d’exploitation',
  persons: 'Personnes concernées',
  role: 'Qualité',
  aliases: 'Également connu sous le nom de',
  birthDate: 'Date de naissance',
  nationality: 'Nationalité',
  identifiers: 'Identifiants',
  whereabouts: 'Localisation présumée',
  entityId: 'Fiche de l’affaire',
  noPersons: 'Aucune personne n’est nommée dans cette demande.',
  victimsNote: 'Les victimes n’apparaissent que sous un pseudonyme (psn-…) ; leur identité ne fait pas partie de cette demande.',
  measures: 'Entraide demandée',
  description: 'Objet de la demande',
  linkToFacts: 'Lien avec les faits',
  concerns: 'Personnes visées',
  nobody: 'Aucune personne en particulier',
  evidence: 'Éléments de preuve',
  noEvidence: 'Aucun lot de preuves n’accompagne cette demande.',
  bundle: 'Lot',
  file: 'Fichier dans le paquet',
  items: 'Éléments',
  sha256: 'SHA-256',
  checkpoint: 'Point de contrôle du registre',
  origin: 'Registre',
  treeSize: 'Taille de l’arbre',
  rootHash: 'Racine',
  verifyTitle: 'Comment vérifier les preuves',
  verifySteps: [
    'Chaque lot est le fichier evidence/<nom du fichier> de ce paquet. Comparez son SHA-256 à la valeur ci-dessus avec n’importe quel outil SHA-256 (sha256sum FICHIER ; sous Windows : certutil -hashfile FICHIER SHA256).',
    'Vérifiez les fichiers, les événements de possession et les preuves du registre qu’il contient avec : ariadne evidence verify <lot> --key <clé publiée du registre>, ou avec le vérificateur autonome qu’il contient : node verify-bundle.mjs <lot> --key <clé publiée du registre>.',
    'Utilisez la clé du registre que l’autorité requérante publie ou vous transmet par un canal de confiance, pas seulement la copie incluse dans le lot. « RESULT: INTACT » signifie que chaque fichier et chaque événement de possession est couvert par le point de contrôle signé indiqué ci-dessus.',
  ],
  procedures: 'Procédures d’exécution',
  contact: 'Contact',
  office: 'Service',
  channel: 'Moyen de contact',
  none: '—',
  footer: 'Ce document fait partie d’un paquet Ariadne (ariadne-share/1, type mla-request), signé avec la clé Ed25519 de l’autorité requérante et chiffré avec age pour l’autorité requise. La signature (manifest.sig) couvre manifest.json, qui contient le SHA-256 de ce document, de mla/request.json et de chaque lot de preuves. Pour la vérifier, confirmez l’empreinte de la clé de l’expéditeur auprès de l’autorité requérante par un canal de confiance ; Ariadne vérifie la signature et chaque empreinte à l’ouverture du paquet, et sans Ariadne, vérifiez manifest.sig sur les octets exacts de manifest.json, puis le SHA-256 de chaque membre (format : docs/mla-package.md). mla/request.json fait foi ; cette page en est le rendu.',
  fingerprint: 'Empreinte de la clé de l’expéditeur',
  kinds: {
    'evidence-taking': 'Recueil de preuves ou de déclarations',
    'search-and-seizure': 'Perquisition et saisie',
    'asset-freeze': 'Gel d’avoirs',
    confiscation: 'Confiscation',
    'records-production': 'Production de documents',
    'service-of-documents': 'Signification d’actes',
    'hearing-by-video': 'Audition par vidéoconférence',
    'provisional-arrest': 'Arrestation provisoire',
    extradition: 'Extradition',
    other: 'Autre entraide',
  },
  roles: {
    suspect: 'Suspect',
    accused: 'Accusé',
    convicted: 'Condamné',
    witness: 'Témoin',
    'victim (pseudonymised)': 'Victime (pseudonymisée)',
    'account holder': 'Titulaire de compte',
    company: 'Société',
  },
  forms: {
    sexual_exploitation: 'Exploitation sexuelle',
    forced_labour: 'Travail forcé',
    slavery: 'Esclavage',
    practices_similar_to_slavery: 'Pratiques analogues à l’esclavage',
    servitude: 'Servitude',
    removal_of_organs: 'Prélèvement d’organes',
    forced_marriage: 'Mariage forcé',
    child_recruitment: 'Recrutement et utilisation d’enfants',
    sale_of_persons: 'Vente de personnes',
  },
};

const AR: Labels = {
  title: { 'mutual-legal-assistance': 'طلب مساعدة قانونية متبادلة', extradition: 'طلب تسليم' },
  reference: 'المرجع',
  date: 'التاريخ',
  urgency: 'درجة الاستعجال',
  urgencyLevel: { normal: 'عادي', urgent: 'عاجل' },
  urgencyReason: 'أسباب الاستعجال',
  caseLabel: 'القضية',
  requesting: 'السلطة الطالبة',
  requested: 'السلطة المطلوب منها',
  name: 'الاسم',
  country: 'البلد',
  address: 'العنوان',
  contactRole: 'جهة الاتصال (المكتب)',
  confidentiality: 'السرية',
  legalBasis: 'الأساس القانوني',
  facts: 'ملخص الوقائع',
  offences: 'الجرائم',
  provision: 'النص القانوني',
  provisionText: 'نص الحكم القانوني',
  penalty: 'العقوبة القصوى',
  form: 'شكل الاستغلال',
  persons: 'الأشخاص المعنيون',
  role: 'الصفة',
  aliases: 'المعروف أيضاً باسم',
  birthDate: 'تاريخ الميلاد',
  nationality: 'الجنسية',
  identifiers: 'المعرّفات',
  whereabouts: 'مكان الوجود المرجّح',
  entityId: 'سجل القضية',
  noPersons: 'لا يُذكر أي شخص في هذا الطلب.',
  victimsNote: 'لا يظهر الضحايا إلا باسم مستعار (psn-…)؛ وهوياتهم ليست جزءاً من هذا الطلب.',
  measures: 'المساعدة المطلوبة',
  description: 'المطلوب',
  linkToFacts: 'الصلة بالوقائع',
  concerns: 'الأشخاص المعنيون بالإجراء',
  nobody: 'لا يخص شخصاً بعينه',
  evidence: 'الأدلة',
  noEvidence: 'لا ترافق هذا الطلب أي حزمة أدلة.',
  bundle: 'الحزمة',
  file: 'الملف داخل الطرد',
  items: 'العناصر',
  sha256: 'SHA-256',
  checkpoint: 'نقطة التحقق في السجل',
  origin: 'السجل',
  treeSize: 'حجم الشجرة',
  rootHash: 'بصمة الجذر',
  verifyTitle: 'كيفية التحقق من الأدلة',
  verifySteps: [
    'كل حزمة هي الملف evidence/<اسم الملف> داخل هذا الطرد. قارن بصمتها SHA-256 بالقيمة الواردة أعلاه باستخدام أي أداة SHA-256 (sha256sum FILE؛ وعلى ويندوز: certutil -hashfile FILE SHA256).',
    'تحقق من الملفات وأحداث الحيازة وإثباتات السجل داخلها بالأمر: ariadne evidence verify <bundle> --key <مفتاح السجل المنشور>، أو بأداة التحقق المستقلة المرفقة بها: node verify-bundle.mjs <bundle> --key <مفتاح السجل المنشور>.',
    'استخدم مفتاح السجل الذي تنشره السلطة الطالبة أو تسلّمه إليك عبر قناة موثوقة، لا النسخة المرفقة بالحزمة وحدها. وعبارة "RESULT: INTACT" تعني أن كل ملف وكل حدث حيازة مشمول بنقطة التحقق الموقّعة المذكورة أعلاه.',
  ],
  procedures: 'إجراءات التنفيذ',
  contact: 'الاتصال',
  office: 'المكتب',
  channel: 'وسيلة الاتصال',
  none: '—',
  footer: 'هذه الوثيقة جزء من طرد أريادني (ariadne-share/1، من نوع mla-request)، موقّع بمفتاح Ed25519 الخاص بالسلطة الطالبة ومشفّر للسلطة المطلوب منها باستخدام age. يغطي التوقيع (manifest.sig) الملف manifest.json الذي يتضمن بصمة SHA-256 لهذه الوثيقة وللملف mla/request.json ولكل حزمة أدلة. للتحقق منه، تأكد من بصمة مفتاح المرسل لدى السلطة الطالبة عبر قناة موثوقة؛ يتحقق أريادني من التوقيع ومن كل بصمة عند فتح الطرد، ومن دون أريادني تحقق من manifest.sig على البايتات الدقيقة للملف manifest.json ثم من بصمة SHA-256 لكل عضو (الصيغة: docs/mla-package.md). الملف mla/request.json هو المرجع المعتمد، وهذه الصفحة عرض له.',
  fingerprint: 'بصمة مفتاح المرسل',
  kinds: {
    'evidence-taking': 'جمع الأدلة أو الإفادات',
    'search-and-seizure': 'التفتيش والضبط',
    'asset-freeze': 'تجميد الأصول',
    confiscation: 'المصادرة',
    'records-production': 'تقديم السجلات',
    'service-of-documents': 'تبليغ المستندات',
    'hearing-by-video': 'الاستماع عبر الفيديو',
    'provisional-arrest': 'القبض المؤقت',
    extradition: 'التسليم',
    other: 'مساعدة أخرى',
  },
  roles: {
    suspect: 'مشتبه به',
    accused: 'متهم',
    convicted: 'محكوم عليه',
    witness: 'شاهد',
    'victim (pseudonymised)': 'ضحية (باسم مستعار)',
    'account holder': 'صاحب حساب',
    company: 'شركة',
  },
  forms: {
    sexual_exploitation: 'الاستغلال الجنسي',
    forced_labour: 'العمل القسري',
    slavery: 'الاسترقاق',
    practices_similar_to_slavery: 'الممارسات الشبيهة بالرق',
    servitude: 'الاستعباد',
    removal_of_organs: 'نزع الأعضاء',
    forced_marriage: 'الزواج القسري',
    child_recruitment: 'تجنيد الأطفال واستخدامهم',
    sale_of_persons: 'بيع الأشخاص',
  },
};

// `satisfies Record<…>` above makes every code of the request format need a label in each language
const LABELS: Readonly<Record<CoverLocale, Labels>> = { en: EN, fr: FR, ar: AR };

// ---- HTML pieces -----------------------------------------------------------------------------

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes a text for element content and quoted attributes */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** a value from the request: escaped, and isolated so a Latin name keeps its order in Arabic */
const v = (value: string) => `<bdi>${escapeHtml(value)}</bdi>`;
/** a hash or code: escaped, always left to right */
const code = (value: string) => `<code dir="ltr">${escapeHtml(value)}</code>`;
/** multi-line free text: escaped, line breaks kept by CSS, direction from its own first letters */
const prose = (value: string) => `<div class="text" dir="auto">${escapeHtml(value)}</div>`;

function definitions(pairs: readonly (readonly [string, string])[]): string {
  return `<dl>${pairs.map(([k, html]) => `<dt>${escapeHtml(k)}</dt><dd>${html}</dd>`).join('')}</dl>`;
}

function row(cells: readonly string[], tag: 'td' | 'th' = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

const regionNames = new Map<CoverLocale, Intl.DisplayNames>();

/** "Iraq (IQ)": the CLDR name in the cover's language, then the code the request holds */
function countryName(country: string, locale: CoverLocale): string {
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })));
  let name: string | undefined;
  try {
    name = names.of(country);
  } catch {
    name = undefined; // a code the runtime's CLDR data does not know: the code alone
  }
  return name && name !== country ? `${v(name)} (${code(country)})` : code(country);
}

const STYLE = `
@page{size:A4;margin:18mm 16mm}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;margin:2rem auto;max-width:60rem;color:#111;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #999}h3{font-size:1.05rem;margin:1.25rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:start;vertical-align:top}th{background:#eee}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}dt{font-weight:600}dd{margin:0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.text{white-space:pre-wrap}.provision{border-inline-start:4px solid #999;padding:.25rem .75rem;background:#f6f6f6;margin:.5rem 0}
.urgent{border:3px solid #a00;padding:.25rem .75rem;font-weight:700}.note{font-style:italic}
footer{margin-top:2rem;border-top:1px solid #999;padding-top:.5rem;font-size:12px}
@media print{body{margin:0;max-width:none;padding:0}h2,h3{break-after:avoid}tr,.measure,.offence{break-inside:avoid}}
`;

// ---- sections --------------------------------------------------------------------------------

function headerSection(r: MlaRequest, l: Labels): string {
  const urgent = r.urgency.level === 'urgent';
  const urgency = `${escapeHtml(l.urgencyLevel[r.urgency.level])}${r.urgency.reason ? ` — ${l.urgencyReason}: ${prose(r.urgency.reason)}` : ''}`;
  return [
    `<h1>${escapeHtml(l.title[r.kind])}</h1>`,
    definitions([
      [l.reference, `<strong>${v(r.reference)}</strong>`],
      [l.date, code(r.date)],
      [l.urgency, urgent ? `<div class="urgent">${urgency}</div>` : urgency],
      [l.caseLabel, `${code(r.case.id)} ${v(r.case.title)}`],
    ]),
  ].join('\n');
}

function authoritySection(title: string, a: MlaAuthority, l: Labels, locale: CoverLocale): string {
  return `<h2>${escapeHtml(title)}</h2>${definitions([
    [l.name, v(a.name)],
    [l.country, countryName(a.country, locale)],
    [l.address, prose(a.address)],
    [l.contactRole, v(a.contactRole)],
  ])}`;
}

function offenceSection(o: MlaOffence, index: number, l: Labels): string {
  return `<section class="offence"><h3>${index + 1}. ${v(o.name)}</h3>${definitions([
    [l.provision, v(o.legalProvision)],
    [l.penalty, v(o.maximumPenalty)],
    ...(o.form ? [[l.form, escapeHtml(l.forms[o.form])] as const] : []),
  ])}<div>${escapeHtml(l.provisionText)}:</div><blockquote class="provision text" dir="auto">${escapeHtml(o.provisionText)}</blockquote></section>`;
}

function subjectsTable(subjects: readonly MlaSubject[], l: Labels, locale: CoverLocale): string {
  if (subjects.length === 0) return `<p>${escapeHtml(l.noPersons)}</p>`;
  const head = row(['#', l.name, l.role, l.aliases, l.birthDate, l.nationality, l.identifiers, l.whereabouts, l.entityId].map(escapeHtml), 'th');
  const rows = subjects.map((s, i) => row([
    String(i + 1),
    v(s.name),
    escapeHtml(l.roles[s.role]),
    s.aliases.length ? s.aliases.map(v).join('<br>') : escapeHtml(l.none),
    s.birthDate ? code(s.birthDate) : escapeHtml(l.none),
    s.nationality ? countryName(s.nationality, locale) : escapeHtml(l.none),
    s.identifiers?.length ? s.identifiers.map((x) => `${v(x.kind)}: ${code(x.value)}${x.country ? ` (${code(x.country)})` : ''}`).join('<br>') : escapeHtml(l.none),
    s.whereabouts ? prose(s.whereabouts) : escapeHtml(l.none),
    code(s.entityId),
  ]));
  return `<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table><p class="note">${escapeHtml(l.victimsNote)}</p>`;
}

function measureSection(m: MlaMeasure, index: number, subjects: ReadonlyMap<string, MlaSubject>, l: Labels): string {
  const concerned = m.subjects.map((id) => {
    const s = subjects.get(id);
    return s ? `${v(s.name)} (${escapeHtml(l.roles[s.role])})` : code(id);
  });
  return `<section class="measure"><h3>${index + 1}. ${escapeHtml(l.kinds[m.kind])}</h3>${definitions([
    [l.description, prose(m.description)],
    [l.linkToFacts, prose(m.linkToFacts)],
    [l.concerns, concerned.length ? concerned.join('<br>') : escapeHtml(l.nobody)],
  ])}</section>`;
}

function evidenceSection(evidence: readonly MlaEvidence[], l: Labels): string {
  if (evidence.length === 0) return `<p>${escapeHtml(l.noEvidence)}</p>`;
  const head = row(['#', l.bundle, l.file, l.items, l.sha256, l.checkpoint].map(escapeHtml), 'th');
  const rows = evidence.map((e, i) => row([
    String(i + 1),
    code(e.bundleId),
    code(`evidence/${e.fileName}`),
    String(e.items),
    code(e.sha256),
    e.checkpoint
      ? `${escapeHtml(l.origin)}: ${code(e.checkpoint.origin)}<br>${escapeHtml(l.treeSize)}: ${String(e.checkpoint.treeSize)}<br>${escapeHtml(l.rootHash)}: ${code(e.checkpoint.rootHash)}`
      : escapeHtml(l.none),
  ]));
  return `<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>
<h3>${escapeHtml(l.verifyTitle)}</h3><ol>${l.verifySteps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`;
}

/**
 * The cover document of a checked request (see `checkMlaRequest`) as a complete HTML document in
 * `locale`: title, reference and urgency first, then the authorities, confidentiality, legal basis,
 * facts, offences, persons, measures, evidence, execution procedures, contact and a footer on how
 * the package's signature is checked.
 *
 * @example writeFileSync('cover.ar.html', renderMlaCover(request, { locale: 'ar' }))
 */
export function renderMlaCover(request: MlaRequest, options: CoverOptions): string {
  const locale = options.locale;
  const l = LABELS[locale];
  const r = request;
  const byId = new Map(r.subjects.map((s) => [s.entityId, s]));
  const fingerprint = options.signingKeyFingerprint ? definitions([[l.fingerprint, code(options.signingKeyFingerprint)]]) : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`,
    '<head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'none\'; style-src \'unsafe-inline\'; img-src \'none\'; base-uri \'none\'; form-action \'none\'">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(`${l.title[r.kind]} — ${r.reference}`)}</title><style>${STYLE}</style></head>`,
    '<body>',
    headerSection(r, l),
    authoritySection(l.requesting, r.requestingAuthority, l, locale),
    authoritySection(l.requested, r.requestedAuthority, l, locale),
    `<h2>${escapeHtml(l.confidentiality)}</h2>${prose(r.confidentiality)}`,
    `<h2>${escapeHtml(l.legalBasis)}</h2><ul>${r.legalBasis.map((b) => `<li>${v(b)}</li>`).join('')}</ul>`,
    `<h2>${escapeHtml(l.facts)}</h2>${prose(r.summaryOfFacts)}`,
    `<h2>${escapeHtml(l.offences)}</h2>${r.offences.map((o, i) => offenceSection(o, i, l)).join('\n')}`,
    `<h2>${escapeHtml(l.persons)}</h2>${subjectsTable(r.subjects, l, locale)}`,
    `<h2>${escapeHtml(l.measures)}</h2>${r.measures.map((m, i) => measureSection(m, i, byId, l)).join('\n')}`,
    `<h2>${escapeHtml(l.evidence)}</h2>${evidenceSection(r.evidence, l)}`,
    `<h2>${escapeHtml(l.procedures)}</h2>${prose(r.executionProcedures)}`,
    `<h2>${escapeHtml(l.contact)}</h2>${definitions([[l.office, v(r.contact.office)], [l.channel, prose(r.contact.channel)]])}`,
    `<footer><p>${escapeHtml(l.footer)}</p>${fingerprint}</footer>`,
    '</body></html>',
    '',
  ].join('\n');
}
