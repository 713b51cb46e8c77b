/**
 * A readable summary of a goAML report, filed beside the XML: one self-contained HTML page (no
 * script, no outside resource, a Content-Security-Policy that forbids both, inline CSS with print
 * rules so a browser prints it to PDF), written in the page's direction (`dir`, with every piece
 * of user text isolated in `<bdi>` so a right-to-left name cannot reorder a table row). It shows
 * the header, the grounds and action, the indicators with the FIU's labels, the transactions, the
 * parties and the alerts' explanations, with victims pseudonymised exactly as in the XML.
 */
import type { AlertLine } from '../types.ts';
import type { CodeLists, GoamlCodeListType } from './code-lists.ts';
import { describeTransaction, kindCodes, kindLabel } from './goaml-xml.ts';
import type { GoamlReportInput, GoamlSide, GoamlTransaction } from './report-input.ts';
import type { GoamlSchemaVersion } from './schema-profiles.ts';
import { cleanLine, cleanText } from './text.ts';
import { goamlDate, goamlDateTime, isKnownTimeZone, localAmount } from './values.ts';
import { holderName, PROTECTED_ENTITY, PROTECTED_PERSON, protectVictims, type PseudonymKey } from './victims.ts';

export interface ReportSummaryOptions {
  /** the FIU's code lists, for the codes' labels */
  readonly codeLists?: CodeLists;
  readonly schemaVersion?: GoamlSchemaVersion;
  /** the same key as the XML's, so pseudonyms match */
  readonly pseudonymKey?: PseudonymKey;
  /** BCP 47 language of the page; default `en` */
  readonly lang?: string;
  /** page direction; default from `lang` (Arabic, Hebrew, Persian, Urdu… are right to left) */
  readonly dir?: 'ltr' | 'rtl';
  /** epoch ms shown as the time the summary was made; omitted when not given */
  readonly generatedAt?: number;
}

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

export function directionOf(lang: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(lang.toLowerCase().split(/[-_]/)[0] ?? '') ? 'rtl' : 'ltr';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** User text: cleaned, escaped, isolated from the surrounding direction. */
function user(text: string | undefined, multiline = false): string {
  if (text === undefined) return '';
  const clean = multiline ? cleanText(text) : cleanLine(text);
  return clean === '' ? '' : `<bdi>${escapeHtml(clean)}</bdi>`;
}

/** Left-to-right figures (amounts, dates, codes) inside a page of either direction. */
function figure(text: string): string {
  return `<span dir="ltr">${escapeHtml(text)}</span>`;
}

const CSS = `
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", sans-serif; color: #111; margin: 2rem auto; max-width: 64rem; padding-inline: 1.5rem; }
h1 { font-size: 1.5rem; margin-block: 0 .25rem; }
h2 { font-size: 1.1rem; margin-block: 1.75rem .5rem; border-block-end: 1px solid #999; padding-block-end: .2rem; }
.sub { color: #444; margin-block: 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: start; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; overflow-wrap: normal; }
td.date { white-space: nowrap; }
td.num { text-align: end; white-space: nowrap; }
.tag { display: inline-block; font-size: 8.5pt; border: 1px solid #666; border-radius: .2rem; padding-inline: .3rem; margin-inline-start: .3rem; }
.victim { background: #fff6d6; }
.notice { border: 2px solid #b45309; background: #fff7ed; padding: .5rem .75rem; margin-block: 1rem; }
footer { margin-block-start: 2rem; color: #555; font-size: 9pt; }
@media print {
  @page { margin: 15mm; }
  body { margin: 0; max-width: none; padding: 0; }
  thead { display: table-header-group; }
  tr, li, .notice { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;

function labelled(codes: CodeLists | undefined, list: GoamlCodeListType, code: string | undefined): string {
  if (code === undefined || cleanLine(code) === '') return '';
  const clean = cleanLine(code);
  const label = codes?.label(list, clean);
  return label === undefined ? figure(clean) : `${figure(clean)} ${user(label)}`;
}

interface PartyRow {
  readonly key: string;
  readonly side: GoamlSide;
  readonly roles: Set<string>;
}

function partyName(side: GoamlSide): string {
  return holderName(side.holder) ?? (side.account !== undefined ? 'Unknown holder' : 'Unknown party');
}

function isProtected(side: GoamlSide): boolean {
  const name = partyName(side);
  return side.victim === true && (name.startsWith(`${PROTECTED_PERSON} `) || name.startsWith(`${PROTECTED_ENTITY} `));
}

function partyCell(side: GoamlSide): string {
  const name = user(partyName(side));
  const account = side.account === undefined ? '' : `<br>${figure(cleanLine(side.account.number))}`;
  const tag = side.victim === true ? '<span class="tag">victim</span>' : '';
  return `${name}${tag}${account}`;
}

function partyDetails(side: GoamlSide, codes: CodeLists | undefined): string {
  const holder = side.holder;
  const parts: string[] = [];
  if (isProtected(side)) parts.push('Identity withheld to protect a victim (resolution 2331 para 6).');
  if (holder.kind === 'person') {
    if (holder.birthDate !== undefined) parts.push(`Born ${figure(goamlDate(holder.birthDate)?.slice(0, 10) ?? holder.birthDate)}`);
    if (holder.nationality !== undefined) parts.push(`Nationality ${labelled(codes, 'country_type', holder.nationality)}`);
    if (holder.occupation !== undefined) parts.push(`Occupation ${user(holder.occupation)}`);
    const documents = holder.identifications ?? [];
    if (holder.idNumber !== undefined) parts.push(`Id number ${figure(cleanLine(holder.idNumber))}`);
    for (const d of documents) parts.push(`${labelled(codes, 'identifier_type', d.type)} ${figure(cleanLine(d.number))}`);
  } else if (holder.kind === 'entity') {
    if (holder.incorporationCountry !== undefined) parts.push(`Incorporated in ${labelled(codes, 'country_type', holder.incorporationCountry)}`);
    if (holder.incorporationNumber !== undefined) parts.push(`Registration ${figure(cleanLine(holder.incorporationNumber))}`);
    if (holder.business !== undefined) parts.push(`Business ${user(holder.business)}`);
  }
  if (side.account?.institutionName !== undefined || side.account?.bic !== undefined) {
    parts.push(`Institution ${user(side.account.institutionName)} ${side.account.bic === undefined ? '' : figure(cleanLine(side.account.bic))}`.trim());
  }
  return parts.join('<br>');
}

function transactionRows(input: GoamlReportInput, codes: CodeLists | undefined, timeZone: string): string {
  return input.transactions.map((tx: GoamlTransaction, i) => {
    const amount = localAmount(tx, input.currencyCodeLocal, input.currencyTable);
    const local = typeof amount === 'string' ? '—' : figure(amount.local);
    const original = typeof amount !== 'string' && amount.foreign !== undefined
      ? figure(`${amount.foreign.amount} ${amount.foreign.currency}`)
      : '';
    const when = goamlDateTime(tx.timestamp, timeZone)?.replace('T', ' ') ?? '—';
    const transmode = tx.transmodeCode ?? kindCodes(input, tx.kind)?.transmode;
    const description = tx.description ?? describeTransaction(tx);
    return `<tr><td class="num">${i + 1}</td><td>${user(tx.id)}</td><td class="date">${figure(when)}</td>`
      + `<td>${escapeHtml(kindLabel(tx.kind))}<br>${labelled(codes, 'conduction_type', transmode)}</td>`
      + `<td class="num">${local}</td><td class="num">${original}</td>`
      + `<td${tx.fromParty.victim === true ? ' class="victim"' : ''}>${partyCell(tx.fromParty)}</td>`
      + `<td${tx.toParty.victim === true ? ' class="victim"' : ''}>${partyCell(tx.toParty)}</td>`
      + `<td><div class="text">${user(description, true)}</div>${tx.location === undefined ? '' : `<div>${user(tx.location)}</div>`}</td></tr>`;
  }).join('\n');
}

function parties(input: GoamlReportInput): PartyRow[] {
  const rows = new Map<string, PartyRow>();
  input.transactions.forEach((tx, i) => {
    for (const [side, role] of [[tx.fromParty, 'sender'], [tx.toParty, 'receiver']] as const) {
      const key = `${side.account === undefined ? '' : cleanLine(side.account.number)}|${partyName(side)}`;
      const row = rows.get(key) ?? { key, side, roles: new Set<string>() };
      row.roles.add(`${role} in #${i + 1}`);
      rows.set(key, row);
    }
  });
  return [...rows.values()];
}

function partyRows(input: GoamlReportInput, codes: CodeLists | undefined): string {
  return parties(input).map(({ side, roles }) => {
    const client = side.myClient === true ? 'yes' : 'no';
    return `<tr${side.victim === true ? ' class="victim"' : ''}><td>${partyCell(side)}</td><td>${escapeHtml([...roles].join(', '))}</td>`
      + `<td>${client}</td><td>${labelled(codes, 'country_type', side.country)}</td><td>${partyDetails(side, codes)}</td></tr>`;
  }).join('\n');
}

function alertItems(alerts: readonly AlertLine[]): string {
  return alerts.map((alert) => `<li><strong>${user(alert.typology)}</strong> (${user(alert.detector)}, score ${figure(alert.score.toFixed(2))}): `
    + `<span class="text">${user(alert.explanation, true)}</span>`
    + (alert.transactions.length > 0 ? `<br>Transactions: ${user(alert.transactions.slice(0, 50).join(', '))}${alert.transactions.length > 50 ? ' …' : ''}` : '')
    + '</li>').join('\n');
}

/**
 * Renders the summary page. Victims are protected as in the XML (`protectVictims`, same key,
 * same pseudonyms); the same errors are thrown for a missing key or purpose.
 */
export function renderReportSummary(input: GoamlReportInput, options: ReportSummaryOptions = {}): string {
  const protection = protectVictims(input, options.pseudonymKey);
  const report = protection.input;
  const codes = options.codeLists;
  const lang = options.lang !== undefined && /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(options.lang) ? options.lang : 'en';
  const dir = options.dir ?? directionOf(lang);
  const zone = report.timeZone !== undefined && isKnownTimeZone(report.timeZone) ? report.timeZone : 'UTC';
  const entity = report.reportingEntity;
  const person = entity.reportingPerson;
  const submitted = goamlDateTime(report.submissionDate, zone)?.replace('T', ' ') ?? '—';
  const reportLabel = codes?.label('report_type', cleanLine(report.reportCode));
  const title = `${cleanLine(report.reportCode)} ${cleanLine(report.entityReference)}`;

  const facts: [string, string][] = [
    ['Report code', labelled(codes, 'report_type', report.reportCode)],
    ['Entity reference', user(report.entityReference)],
    ...(report.fiuRefNumber === undefined ? [] : [['FIU reference', user(report.fiuRefNumber)] as [string, string]]),
    ['Submission date', `${figure(submitted)} (${escapeHtml(zone)})`],
    ['Reporting entity', `${figure(String(entity.id))}${entity.institutionName === undefined ? '' : ` ${user(entity.institutionName)}`}${entity.branch === undefined ? '' : `, branch ${user(entity.branch)}`}`],
    ['Reporting person', `${user(`${person.firstName} ${person.lastName}`)}${person.occupation === undefined ? '' : `, ${user(person.occupation)}`}`],
    ['Local currency', labelled(codes, 'currency_type', report.currencyCodeLocal)],
    ...(options.schemaVersion === undefined ? [] : [['goAML schema', figure(options.schemaVersion)] as [string, string]]),
    ['Transactions', figure(String(report.transactions.length))],
  ];
  const victimsNotice = protection.disclosed
    ? `<div class="notice" role="note"><strong>Victims' identities are disclosed in this report.</strong> Stated purpose: <span class="text">${user(report.victimPurpose, true)}</span></div>`
    : protection.pseudonymised > 0
      ? `<div class="notice" role="note">${protection.pseudonymised} victim${protection.pseudonymised === 1 ? ' is' : 's are'} pseudonymised here and in the XML (resolution 2331 para 6): names, birth dates, identity numbers and account numbers are withheld; the reporting institution can re-identify on a lawful request.</div>`
      : '';
  const generated = options.generatedAt === undefined ? '' : ` on ${figure(goamlDateTime(options.generatedAt, zone)?.replace('T', ' ') ?? '')} (${escapeHtml(zone)})`;

  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${reportLabel === undefined ? 'goAML report' : escapeHtml(reportLabel)} <span dir="ltr">${escapeHtml(cleanLine(report.reportCode))}</span></h1>
<p class="sub">Summary of the goAML report filed as XML; the XML is the filing, this page is for reading.</p>
<dl class="facts">
${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</header>
${victimsNotice}
<section>
<h2>Grounds for suspicion</h2>
<div class="text">${user(report.reason, true) || '<em>none given</em>'}</div>
</section>
<section>
<h2>Action taken</h2>
<div class="text">${user(report.action, true) || '<em>none given</em>'}</div>
</section>
<section>
<h2>Indicators</h2>
<ul>
${[...new Set(report.indicators.map(cleanLine))].map((code) => `<li>${labelled(codes, 'report_indicator_type', code)}</li>`).join('\n')}
</ul>
</section>
<section>
<h2>Transactions</h2>
<table>
<thead><tr><th>#</th><th>Number</th><th>Date</th><th>Kind</th><th>Amount (${escapeHtml(cleanLine(report.currencyCodeLocal))})</th><th>Original</th><th>From</th><th>To</th><th>Description</th></tr></thead>
<tbody>
${transactionRows(report, codes, zone)}
</tbody>
</table>
</section>
<section>
<h2>Parties</h2>
<table>
<thead><tr><th>Party</th><th>Role</th><th>Client</th><th>Country</th><th>Details</th></tr></thead>
<tbody>
${partyRows(report, codes)}
</tbody>
</table>
</section>
${report.alerts === undefined || report.alerts.length === 0 ? '' : `<section>
<h2>Alerts behind this report</h2>
<ul>
${alertItems(report.alerts)}
</ul>
</section>`}
<footer>Prepared with Ariadne${generated}.</footer>
</body>
</html>
`;
}
