/**
 * The human-readable chain-of-custody report that travels in a bundle (custody-report.html): one
 * self-contained HTML page, no scripts, no external resources, printable, with every value from
 * the manifest HTML-escaped. It renders bundle.json for a reader; it proves nothing by itself
 * (the verifier does), and says so.
 */
import { keyFingerprint, parseCheckpoint } from '../../verifier/verify-bundle.mjs';
import type { BundleEvent, BundleItem, BundleManifest } from './manifest.ts';

type Labels = typeof EN;

const EN = {
  title: 'Chain-of-custody report',
  bundle: 'Evidence bundle',
  created: 'Exported (UTC)',
  caseLabel: 'Case',
  purpose: 'Purpose',
  recipient: 'Recipient',
  integrity: 'Integrity',
  logOrigin: 'Log',
  treeSize: 'Checkpoint tree size',
  rootHash: 'Checkpoint root hash (hex)',
  key: 'Log key',
  fingerprint: 'Key fingerprint (SHA-256 of the key)',
  checkpoint: 'Signed checkpoint',
  items: 'Items',
  item: 'Item',
  filename: 'File name',
  mime: 'Type',
  size: 'Size (bytes)',
  sha256: 'SHA-256',
  path: 'File in the bundle',
  collected: 'Collected',
  collectedBy: 'by',
  collectedWhere: 'at',
  source: 'Source',
  consent: 'Consent',
  metadata: 'Metadata',
  timeline: 'Custody timeline',
  seq: 'Log entry',
  time: 'Time (UTC)',
  actor: 'Actor',
  action: 'Action',
  details: 'Details',
  leaf: 'Leaf hash',
  exportEntry: 'This export',
  none: '—',
  verifyTitle: 'How to verify this bundle',
  verifySteps: [
    'Obtain the log key (or its fingerprint) from the organisation through a channel you trust, and compare it with the key fingerprint shown under Integrity.',
    'With Node.js 18 or later, run: node verify-bundle.mjs BUNDLE.tar --key "LOG-KEY". Prefer the verifier from the published source; the copy inside the bundle is for convenience (its SHA-256 is in bundle.json).',
    'Exit status 0 and "RESULT: INTACT" mean every file, custody event and inclusion proof verifies against the signed checkpoint. Anything else lists each problem.',
    'The algorithm is documented in bundle-format.md so that anyone can write an independent verifier.',
  ],
  notProof: 'This page is a reading aid generated from bundle.json. It is not itself evidence of integrity; the verification described at the end is. The case name is a label that the log does not cover.',
};

const FR: Labels = {
  title: 'Rapport de chaîne de possession',
  bundle: 'Lot de preuves',
  created: 'Exporté (UTC)',
  caseLabel: 'Affaire',
  purpose: 'Finalité',
  recipient: 'Destinataire',
  integrity: 'Intégrité',
  logOrigin: 'Journal',
  treeSize: 'Taille de l’arbre au point de contrôle',
  rootHash: 'Racine du point de contrôle (hex)',
  key: 'Clé du journal',
  fingerprint: 'Empreinte de la clé (SHA-256 de la clé)',
  checkpoint: 'Point de contrôle signé',
  items: 'Éléments',
  item: 'Élément',
  filename: 'Nom du fichier',
  mime: 'Type',
  size: 'Taille (octets)',
  sha256: 'SHA-256',
  path: 'Fichier dans le lot',
  collected: 'Collecté',
  collectedBy: 'par',
  collectedWhere: 'à',
  source: 'Source',
  consent: 'Consentement',
  metadata: 'Métadonnées',
  timeline: 'Chronologie de la possession',
  seq: 'Entrée du journal',
  time: 'Heure (UTC)',
  actor: 'Acteur',
  action: 'Action',
  details: 'Détails',
  leaf: 'Empreinte de la feuille',
  exportEntry: 'Cet export',
  none: '—',
  verifyTitle: 'Comment vérifier ce lot',
  verifySteps: [
    'Obtenez la clé du journal (ou son empreinte) auprès de l’organisation par un canal de confiance et comparez-la à l’empreinte indiquée sous Intégrité.',
    'Avec Node.js 18 ou plus récent, lancez : node verify-bundle.mjs LOT.tar --key "CLÉ-DU-JOURNAL". Préférez le vérificateur des sources publiées ; la copie incluse dans le lot est une commodité (son SHA-256 figure dans bundle.json).',
    'Le code de sortie 0 et « RESULT: INTACT » signifient que chaque fichier, événement de possession et preuve d’inclusion est vérifié par rapport au point de contrôle signé. Sinon, chaque problème est listé.',
    'L’algorithme est documenté dans bundle-format.md afin que chacun puisse écrire un vérificateur indépendant.',
  ],
  notProof: 'Cette page est une aide à la lecture générée à partir de bundle.json. Elle ne prouve pas l’intégrité ; la vérification décrite à la fin le fait. Le nom de l’affaire est une étiquette que le journal ne couvre pas.',
};

const AR: Labels = {
  title: 'تقرير سلسلة الحيازة',
  bundle: 'حزمة الأدلة',
  created: 'تاريخ التصدير (UTC)',
  caseLabel: 'القضية',
  purpose: 'الغرض',
  recipient: 'الجهة المستلمة',
  integrity: 'السلامة',
  logOrigin: 'السجل',
  treeSize: 'حجم الشجرة عند نقطة التحقق',
  rootHash: 'جذر نقطة التحقق (ست عشري)',
  key: 'مفتاح السجل',
  fingerprint: 'بصمة المفتاح (SHA-256 للمفتاح)',
  checkpoint: 'نقطة التحقق الموقّعة',
  items: 'العناصر',
  item: 'العنصر',
  filename: 'اسم الملف',
  mime: 'النوع',
  size: 'الحجم (بايت)',
  sha256: 'SHA-256',
  path: 'الملف داخل الحزمة',
  collected: 'تاريخ الجمع',
  collectedBy: 'بواسطة',
  collectedWhere: 'في',
  source: 'المصدر',
  consent: 'الموافقة',
  metadata: 'البيانات الوصفية',
  timeline: 'التسلسل الزمني للحيازة',
  seq: 'قيد السجل',
  time: 'الوقت (UTC)',
  actor: 'الفاعل',
  action: 'الإجراء',
  details: 'التفاصيل',
  leaf: 'بصمة الورقة',
  exportEntry: 'هذا التصدير',
  none: '—',
  verifyTitle: 'كيفية التحقق من هذه الحزمة',
  verifySteps: [
    'احصل على مفتاح السجل (أو بصمته) من المنظمة عبر قناة موثوقة، وقارنه بالبصمة المذكورة تحت السلامة.',
    'باستخدام Node.js الإصدار 18 أو أحدث، نفّذ: node verify-bundle.mjs BUNDLE.tar --key "LOG-KEY". يُفضَّل استخدام أداة التحقق من المصدر المنشور؛ النسخة المرفقة في الحزمة للتيسير فقط (بصمتها SHA-256 مدرجة في bundle.json).',
    'رمز الخروج 0 وعبارة "RESULT: INTACT" يعنيان أن كل ملف وكل حدث حيازة وكل إثبات تضمين قد تم التحقق منه مقابل نقطة التحقق الموقّعة. وإلا فستُدرج كل مشكلة.',
    'الخوارزمية موثّقة في bundle-format.md ليتمكن أي شخص من كتابة أداة تحقق مستقلة.',
  ],
  notProof: 'هذه الصفحة أداة قراءة مولّدة من bundle.json، وليست بذاتها دليلاً على السلامة؛ التحقق الموصوف في نهاية الصفحة هو الدليل. اسم القضية تسمية لا يغطيها السجل.',
};

const LABELS: Readonly<Record<string, Labels>> = { en: EN, fr: FR, ar: AR };

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes any value; objects are shown as their JSON */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value) ?? String(value);
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;margin:2rem auto;max-width:70rem;color:#111;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #999}h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:start;vertical-align:top}
th{background:#eee}.hash,pre,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all;white-space:pre-wrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.note{border-inline-start:4px solid #999;padding:.25rem .75rem;background:#f6f6f6}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,.item{break-inside:avoid}}
`;

function row(cells: readonly string[], tag: 'td' | 'th' = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

function definitions(pairs: readonly (readonly [string, string])[]): string {
  return `<dl>${pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

const hash = (value: unknown) => `<span class="hash">${escapeHtml(value)}</span>`;

/** an ISO time as "2026-01-02 03:04:05.678" (UTC), unchanged when it is not one */
function utc(value: unknown): string {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value) ? value.replace('T', ' ').replace('Z', '') : String(value ?? '');
}

interface EntryView {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
}

function entryView(event: BundleEvent): EntryView {
  const fields: unknown = JSON.parse(event.entry);
  const [, , at, actor, action] = Array.isArray(fields) ? fields : [];
  return { at: String(at ?? ''), actor: String(actor ?? ''), action: String(action ?? '') };
}

/** kind-specific fields of an event: everything but the chain bookkeeping, as "key: value" lines */
function eventDetails(event: BundleEvent, item: BundleItem | null): string {
  // an intake's properties are shown with the item; an export's item list in the items table
  const skip = new Set(['v', 'kind', 'item', 'prev', 'purpose', ...(event.details.kind === 'intake' ? Object.keys(item ?? {}) : []), ...(event.details.kind === 'export' ? ['items'] : [])]);
  const lines = Object.entries(event.details).filter(([k]) => !skip.has(k)).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`);
  return lines.join('<br>');
}

function timeline(events: readonly BundleEvent[], item: BundleItem | null, l: Labels, exportSeq: number): string {
  const rows = events.map((e) => {
    const v = entryView(e);
    const action = e.seq === exportSeq ? `${escapeHtml(v.action)} (${escapeHtml(l.exportEntry)})` : escapeHtml(v.action);
    return row([String(e.seq), escapeHtml(utc(v.at)), escapeHtml(v.actor), action, escapeHtml(e.details.purpose ?? l.none), eventDetails(e, item), hash(e.leafHash)]);
  });
  return `<table><thead>${row([l.seq, l.time, l.actor, l.action, l.purpose, l.details, l.leaf].map(escapeHtml), 'th')}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function itemSection(item: BundleItem, index: number, context: { m: Omit<BundleManifest, 'attachments'>; l: Labels; locale: string }): string {
  const { m, l, locale } = context;
  const seqs = new Set(item.eventSeqs);
  const events = m.events.filter((e) => seqs.has(e.seq));
  const size = new Intl.NumberFormat(locale).format(item.size);
  const facts = definitions([
    [l.item, escapeHtml(item.id)],
    [l.filename, escapeHtml(item.filename ?? l.none)],
    [l.mime, escapeHtml(item.mime ?? l.none)],
    [l.size, escapeHtml(size)],
    [l.sha256, hash(item.sha256)],
    [l.path, `<code>${escapeHtml(item.path)}</code>`],
    [l.collected, escapeHtml([utc(item.collectedAt ?? l.none), item.collectedBy ? `${l.collectedBy} ${String(item.collectedBy)}` : '', item.collectedWhere ? `${l.collectedWhere} ${String(item.collectedWhere)}` : ''].filter(Boolean).join(' '))],
    [l.source, escapeHtml(item.source ?? l.none)],
    [l.consent, `<code>${escapeHtml(item.consent ?? l.none)}</code>`],
    [l.metadata, `<code>${escapeHtml(item.metadata ?? l.none)}</code>`],
  ]);
  return `<section class="item"><h3>${escapeHtml(`${index + 1}. ${item.filename ?? item.id}`)}</h3>${facts}<h4>${escapeHtml(l.timeline)}</h4>${timeline(events, item, l, m.exportSeq)}</section>`;
}

/**
 * The custody report of a manifest as a complete HTML document. `locale` picks the labels
 * (en, fr, ar; others fall back to English) and number formatting; times are shown in UTC as the
 * log records them.
 */
export function renderCustodyReport(manifest: Omit<BundleManifest, 'attachments'>, locale = 'en'): string {
  const lang = LABELS[locale] ? locale : 'en';
  const l = LABELS[lang] ?? EN;
  const m = manifest;
  const split = m.checkpoint.lastIndexOf('\n\n');
  const checkpoint = split < 0 ? null : parseCheckpoint(m.checkpoint.slice(0, split + 1));
  const exportEvent = m.events.find((e) => e.seq === m.exportSeq);
  const summary = definitions([
    [l.bundle, escapeHtml(m.bundleId)],
    [l.created, escapeHtml(utc(m.createdAt))],
    [l.caseLabel, escapeHtml([m.case.id ?? l.none, m.case.name ? `(${m.case.name})` : ''].filter(Boolean).join(' '))],
    [l.purpose, escapeHtml(m.purpose ?? l.none)],
    [l.recipient, escapeHtml(m.recipient ?? l.none)],
  ]);
  const integrity = definitions([
    [l.logOrigin, escapeHtml(m.log.origin)],
    [l.treeSize, escapeHtml(checkpoint ? String(checkpoint.size) : l.none)],
    [l.rootHash, hash(checkpoint ? checkpoint.root.toString('hex') : l.none)],
    [l.key, hash(m.log.verifierKey)],
    [l.fingerprint, hash(keyFingerprint(m.log.verifierKey))],
  ]);
  const itemRows = m.items.map((item, i) => row([
    String(i + 1), escapeHtml(item.id), escapeHtml(item.filename ?? l.none), escapeHtml(item.mime ?? l.none),
    escapeHtml(new Intl.NumberFormat(lang).format(item.size)), hash(item.sha256),
  ]));
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`,
    '<head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${l.title}: ${m.bundleId}`)}</title><style>${STYLE}</style></head>`,
    '<body>',
    `<h1>${escapeHtml(l.title)}</h1>`,
    summary,
    `<p class="note">${escapeHtml(l.notProof)}</p>`,
    `<h2>${escapeHtml(l.integrity)}</h2>`,
    integrity,
    `<h3>${escapeHtml(l.checkpoint)}</h3><pre>${escapeHtml(m.checkpoint)}</pre>`,
    `<h2>${escapeHtml(l.items)}</h2>`,
    `<table><thead>${row(['#', l.item, l.filename, l.mime, l.size, l.sha256].map(escapeHtml), 'th')}</thead><tbody>${itemRows.join('')}</tbody></table>`,
    ...m.items.map((item, i) => itemSection(item, i, { m, l, locale: lang })),
    exportEvent ? `<h2>${escapeHtml(l.exportEntry)}</h2>${timeline([exportEvent], null, l, m.exportSeq)}` : '',
    `<h2>${escapeHtml(l.verifyTitle)}</h2>`,
    `<ol>${l.verifySteps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`,
    '</body></html>',
    '',
  ].join('\n');
}
