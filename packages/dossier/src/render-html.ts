/**
 * The dossier as one self-contained HTML document: inline CSS, no script, no external resource,
 * printable (A4, repeated table headers) and accessible (landmarks, headed sections, table
 * headers with scope, status in words not only colour). Every value is HTML-escaped and wrapped
 * in <bdi>, with `dir` and a script-only `lang` on Arabic, Cyrillic and mixed text, so one
 * right-to-left name can never reorder the text around it.
 */
import { SUPPORT_SHOWN } from './dossier-types.ts';
import type {
  CriterionAssessment, DisplayText, Dossier, DossierField, EvidenceView, LinkGroup, ListEntryView, RegimeAssessment,
} from './dossier-types.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example escapeHtml('<script>') // '&lt;script&gt;'
 */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** a value, isolated, in its direction and script */
function v(t: DisplayText): string {
  const attrs = [t.dir === 'ltr' && !t.lang ? '' : ` dir="${t.dir}"`, t.lang ? ` lang="${t.lang}"` : ''].join('');
  return `<bdi${attrs}>${escapeHtml(t.text)}</bdi>`;
}

const NOT_RECORDED = '<span class="none">not recorded</span>';

function values(vs: readonly DisplayText[]): string {
  if (vs.length === 0) return NOT_RECORDED;
  if (vs.length === 1) return v(vs[0]!);
  return `<ul class="values">${vs.map((x) => `<li>${v(x)}</li>`).join('')}</ul>`;
}

function fieldRows(fields: readonly DossierField[]): string {
  return fields.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td>${values(f.values)}</td></tr>`).join('\n');
}

const STATUS_WORDS: Record<CriterionAssessment['status'], string> = {
  supported: 'Recorded facts bear on it',
  partly_supported: 'Partly: facts missing',
  no_supporting_facts: 'No supporting facts recorded',
};

function criterionRow(c: CriterionAssessment): string {
  const sources = c.sources.map((s) => `<li>${escapeHtml(s.citation)}</li>`).join('');
  const more = c.support.length - SUPPORT_SHOWN;
  const support = c.support.length
    ? `<ul class="support">${c.support.slice(0, SUPPORT_SHOWN).map((s) => `<li>${v(s.caption)} <span class="muted">(${escapeHtml(s.schema)} ${escapeHtml(s.entityId)})</span>: ${escapeHtml(s.detail)}${s.evidenceIds.length ? `; evidence ${s.evidenceIds.map((id) => `<a href="#ev-${escapeHtml(id)}">${escapeHtml(id)}</a>`).join(', ')}` : ''}</li>`).join('')}${more > 0 ? `<li>… and ${more} more recorded fact(s), listed in section 4.</li>` : ''}</ul>`
    : '';
  return `<tr class="status-${c.status}">
<td><strong>${escapeHtml(c.title)}</strong><p>${escapeHtml(c.summary)}</p></td>
<td><ul class="sources">${sources}</ul></td>
<td><p class="status"><span class="badge">${escapeHtml(STATUS_WORDS[c.status])}</span></p><p>${escapeHtml(c.finding)}</p>${support}</td>
</tr>`;
}

function regimeSection(r: RegimeAssessment): string {
  const listed = r.subjectListed.length
    ? `<p class="listed">The subject is already listed under this regime: ${r.subjectListed.map(escapeHtml).join(', ')}.</p>`
    : '';
  return `<section class="regime" aria-labelledby="regime-${escapeHtml(r.id)}">
<h3 id="regime-${escapeHtml(r.id)}">${escapeHtml(r.name)}</h3>
<p class="muted">${escapeHtml(r.committee)}</p>${listed}
<table class="criteria"><thead><tr><th scope="col">Criterion</th><th scope="col">Source</th><th scope="col">Recorded facts</th></tr></thead>
<tbody>${r.criteria.map(criterionRow).join('\n')}</tbody></table>
</section>`;
}

function linkSection(g: LinkGroup): string {
  const body = g.items.length
    ? `<table class="links"><thead><tr><th scope="col">Record</th><th scope="col">Link to the subject</th><th scope="col">Details</th></tr></thead><tbody>
${g.items
    .map(
      (i) => `<tr><td>${v(i.caption)}<br><span class="muted">${escapeHtml(i.schemaLabel)} ${escapeHtml(i.id)}</span></td><td>${escapeHtml(i.role)}</td><td><dl>${i.fields
        .map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${values(f.values)}</dd>`)
        .join('')}${i.listings.length ? `<dt>Confirmed list entries</dt><dd>${i.listings.map((x) => escapeHtml(x.entry)).join(', ')}</dd>` : ''}${
        i.evidenceIds.length ? `<dt>Evidence</dt><dd>${i.evidenceIds.map((id) => `<a href="#ev-${escapeHtml(id)}">${escapeHtml(id)}</a>`).join(', ')}</dd>` : ''
      }</dl></td></tr>`,
    )
    .join('\n')}</tbody></table>`
    : '<p class="none">None recorded.</p>';
  return `<section aria-labelledby="links-${g.kind}"><h3 id="links-${g.kind}">${escapeHtml(g.title)} (${g.items.length})</h3>${body}</section>`;
}

function evidenceBlock(e: EvidenceView): string {
  const proof = e.proof
    ? `<tr><th scope="row">Leaf index</th><td>${e.proof.leafIndex}</td></tr>
<tr><th scope="row">Tree size</th><td>${e.proof.treeSize}</td></tr>
<tr><th scope="row">Root hash</th><td><code>${escapeHtml(e.proof.rootHash)}</code></td></tr>
<tr><th scope="row">Audit path</th><td>${e.proof.hashes.length ? `<ol class="hashes">${e.proof.hashes.map((h) => `<li><code>${escapeHtml(h)}</code></li>`).join('')}</ol>` : '<span class="none">empty (single-leaf tree)</span>'}</td></tr>
<tr><th scope="row">Signed checkpoint</th><td>${e.proof.checkpoint ? `<pre>${escapeHtml(e.proof.checkpoint)}</pre>` : NOT_RECORDED}</td></tr>`
    : '';
  const note = e.proofNote ? `<tr><th scope="row">Ledger proof</th><td>${escapeHtml(e.proofNote)}</td></tr>` : '';
  return `<table class="evidence" id="ev-${escapeHtml(e.id)}"><caption>Evidence item ${escapeHtml(e.id)}</caption><tbody>
<tr><th scope="row">File name</th><td>${e.filename ? v(e.filename) : NOT_RECORDED}</td></tr>
<tr><th scope="row">SHA-256</th><td><code>${escapeHtml(e.sha256)}</code></td></tr>
<tr><th scope="row">Size and type</th><td>${escapeHtml(e.size.toLocaleString('en'))} bytes, ${escapeHtml(e.mime)}</td></tr>
<tr><th scope="row">Collected</th><td>${e.collectedAt ? escapeHtml(e.collectedAt) : NOT_RECORDED}</td></tr>
<tr><th scope="row">Description</th><td>${e.description ? v(e.description) : NOT_RECORDED}</td></tr>
<tr><th scope="row">Intake journal entry</th><td>${e.intakeSeq === null ? NOT_RECORDED : escapeHtml(String(e.intakeSeq))}</td></tr>
${proof}${note}</tbody></table>`;
}

function listEntryRow(x: ListEntryView): string {
  return `<tr><td>${escapeHtml(x.list)}</td><td>${escapeHtml(x.entry)}</td><td>${v(x.matchedName)}</td><td>${escapeHtml(x.score.toFixed(2))}</td><td>${escapeHtml(x.status.replace(/_/g, ' '))}</td><td>${
    x.explanation.length ? `<ul>${x.explanation.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : ''
  }</td></tr>`;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
html { font-family: "Noto Sans", "Noto Naskh Arabic", "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; }
body { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.marking { border: 2px solid #8b0000; color: #8b0000; font-weight: bold; text-align: center; padding: .3rem; text-transform: uppercase; letter-spacing: .05em; }
h1 { font-size: 1.6rem; margin: .6rem 0; } h2 { font-size: 1.25rem; border-bottom: 1px solid #999; margin-top: 1.6rem; page-break-after: avoid; } h3 { font-size: 1.05rem; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; } thead { display: table-header-group; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; vertical-align: top; text-align: start; } th[scope=row] { width: 14rem; background: #f3f3f3; }
tr { page-break-inside: avoid; } caption { text-align: start; font-weight: bold; padding: .2rem 0; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; overflow-wrap: anywhere; white-space: pre-wrap; }
ul.values, ul.support, ul.sources { margin: 0; padding-inline-start: 1.1rem; } dl { margin: 0; } dt { font-weight: bold; } dd { margin: 0 0 .2rem; }
.muted { color: #555; font-size: .9em; } .none { color: #666; font-style: italic; } .listed { font-weight: bold; }
.badge { display: inline-block; border: 1px solid currentColor; padding: 0 .3rem; font-weight: bold; }
.status-supported .badge { color: #1d4f91; } .status-partly_supported .badge { color: #7a4a00; } .status-no_supporting_facts .badge { color: #555; }
bdi[lang="und-Arab"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; font-size: 1.1em; }
nav ol { columns: 2; } a { color: #1d4f91; }
@media print { nav { display: none; } a { color: inherit; text-decoration: none; } }
`;

/**
 * Renders the dossier as one HTML document.
 *
 * @example renderDossierHtml(buildDossier(input)).startsWith('<!DOCTYPE html>') // true
 */
export function renderDossierHtml(d: Dossier): string {
  const id = d.identification;
  const identRows = [
    `<tr><th scope="row">Names</th><td>${values(id.names)}</td></tr>`,
    ...id.aliasesByScript.map((g) => `<tr><th scope="row">Aliases — ${escapeHtml(g.label)}</th><td>${values(g.values)}</td></tr>`),
    ...(id.aliasesByScript.length ? [] : [`<tr><th scope="row">Aliases</th><td>${NOT_RECORDED}</td></tr>`]),
    fieldRows(id.fields),
  ].join('\n');
  const meta: [string, string][] = [
    ['Generated', escapeHtml(d.generatedAt)],
    ['Requested by', escapeHtml(d.generatedBy)],
    ['Instance', escapeHtml(d.origin)],
    ['Verifier key', d.verifierKey ? `<code>${escapeHtml(d.verifierKey)}</code>` : NOT_RECORDED],
    ['Case', d.caseName ? `<bdi dir="auto">${escapeHtml(d.caseName)}</bdi>` : NOT_RECORDED],
    ['Subject', `${escapeHtml(d.subject.schemaLabel)} <code>${escapeHtml(d.subject.id)}</code>`],
  ];
  const sections: [string, string][] = [
    ['identification', 'Identification'],
    ['narrative', 'Narrative'],
    ['criteria', 'Designation criteria assessment'],
    ['links', 'Linked incidents, exploitation and movements'],
    ['evidence', 'Evidence and ledger proofs'],
    ['list-entries', 'Existing list entries'],
    ['provenance', 'Provenance and limitations'],
  ];
  const title = (i: number): string => `${i + 1}. ${escapeHtml(sections[i]![1])}`;
  return `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(d.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<p class="marking">${escapeHtml(d.marking)}</p>
<h1>Designation dossier: ${v(d.subject.caption)}</h1>
<table class="meta"><tbody>${meta.map(([k, val]) => `<tr><th scope="row">${k}</th><td>${val}</td></tr>`).join('')}</tbody></table>
</header>
<nav aria-label="Contents"><ol>${sections.map(([sid, t]) => `<li><a href="#${sid}">${escapeHtml(t)}</a></li>`).join('')}</ol></nav>
<main>
<section id="identification" aria-labelledby="h-identification"><h2 id="h-identification">${title(0)}</h2>
<table class="identification"><tbody>
${identRows}
</tbody></table></section>
<section id="narrative" aria-labelledby="h-narrative"><h2 id="h-narrative">${title(1)}</h2>
${d.narrative.generated ? '<p class="muted">Generated from the recorded facts; no narrative was written for this subject.</p>' : ''}
${d.narrative.paragraphs.map((p) => `<p dir="auto">${escapeHtml(p)}</p>`).join('\n')}
</section>
<section id="criteria" aria-labelledby="h-criteria"><h2 id="h-criteria">${title(2)}</h2>
<p>Decision support: for each criterion, the recorded facts that bear on it, or that none are recorded. Whether a criterion is met is for the committee.</p>
${d.assessment.map(regimeSection).join('\n')}
</section>
<section id="links" aria-labelledby="h-links"><h2 id="h-links">${title(3)}</h2>
${d.links.map(linkSection).join('\n')}
</section>
<section id="evidence" aria-labelledby="h-evidence"><h2 id="h-evidence">${title(4)}</h2>
<h3>How to verify</h3>
<ol>${d.evidence.howToVerify.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>
${d.evidence.items.length ? d.evidence.items.map(evidenceBlock).join('\n') : '<p class="none">No evidence items attached.</p>'}
</section>
<section id="list-entries" aria-labelledby="h-list-entries"><h2 id="h-list-entries">${title(5)}</h2>
${
  d.listEntries.length
    ? `<table><thead><tr><th scope="col">List</th><th scope="col">Entry</th><th scope="col">Matched name</th><th scope="col">Score</th><th scope="col">Disposition</th><th scope="col">Explanation</th></tr></thead><tbody>
${d.listEntries.map(listEntryRow).join('\n')}</tbody></table>`
    : '<p class="none">No screening results recorded for the subject.</p>'
}
</section>
<section id="provenance" aria-labelledby="h-provenance"><h2 id="h-provenance">${title(6)}</h2>
${d.provenance.statement.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<h3>Limitations</h3>
<ul>${d.provenance.limitations.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
</section>
</main>
<footer><p class="marking">${escapeHtml(d.marking)}</p></footer>
</body>
</html>
`;
}
