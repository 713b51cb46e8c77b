/**
 * Cuts the GLOTIP test fixture (test/fixtures/glotip-extract.xlsx) from UNODC's data_glotip.xlsx.
 * Run once by hand; tests never read the source file.
 *
 *   node --import tsx packages/monitoring/scripts/make-glotip-fixture.ts [path/to/data_glotip.xlsx]
 *
 * Keeps the provenance and header rows and, verbatim and under their original row numbers:
 * every 2019–2020 row of Iraq, Ukraine, the Syrian Arab Republic and Sark (no Iso3 code), and
 * of the UNODC area aggregate "CAR" (empty Country); plus named rows that show the file's
 * quirks (see README). Prints the figures the README and tests quote.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSheetRows, type CellValue } from '../src/ingest/xlsx-sheet.ts';
import { parseGlotip } from '../src/ingest/glotip.ts';
import { isCensored } from '../src/types.ts';
import { writeXlsx, type FixtureCell } from '../test/xlsx-fixtures.ts';

const SOURCE_SHA256 = 'b0d5fcedaef86dcae33f74ef28f8e0cd25f49f12446d46642f05160159f15119';
const COUNTRIES = new Set(['Iraq', 'Ukraine', 'Syrian Arab Republic', 'Sark']);
/** rows kept for what they show: Aruba/Curacao in the code column; a blank citizenship; five "Other forms" rows of one key; two "Other" sex rows of one key */
const NAMED_ROWS = new Set([2672, 321, 42521, 42522, 42523, 42524, 42525, 37912, 37913]);

const source = process.argv[2] ?? '/work/shared/data/ctdc/data_glotip.xlsx';
const bytes = readFileSync(source);
const sha256 = createHash('sha256').update(bytes).digest('hex');
if (sha256 !== SOURCE_SHA256) throw new Error(`${source} is not the expected release (sha256 ${sha256})`);

const rows: FixtureCell[][] = [];
const rowNumbers: number[] = [];
let commaValueKept = false;
const columns = 'ABCDEFGHIJKLM'.split('');
for (const row of readSheetRows(bytes)) {
  const c = row.cells;
  const year = c.J;
  const inPeriod = year === 2019 || year === 2020;
  const keep =
    row.row <= 3 ||
    NAMED_ROWS.has(row.row) ||
    (inPeriod && typeof c.B === 'string' && COUNTRIES.has(c.B)) ||
    (inPeriod && c.A === 'CAR' && c.B === undefined) ||
    (!commaValueKept && typeof c.L === 'string' && c.L.includes(',') && (commaValueKept = true));
  if (!keep) continue;
  // B1 is a HYPERLINK formula in the source; the fixture keeps its cached text, as an inline string.
  rows.push(columns.map((letter): FixtureCell => toFixtureCell(c[letter], row.row === 1 && letter === 'B')));
  rowNumbers.push(row.row);
}

function toFixtureCell(value: CellValue | undefined, inline: boolean): FixtureCell {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return inline ? { inline: value } : value;
  if (typeof value === 'number') return value;
  throw new Error('unexpected cell type in the source');
}

const out = writeXlsx([{ name: 'data_glotip_1', rows, rowNumbers }]);
const target = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/glotip-extract.xlsx');
writeFileSync(target, out);

const parsed = parseGlotip(out);
const censored = parsed.items.filter((i) => isCensored(i.value)).length;
const byIndicator: Record<string, number> = {};
for (const item of parsed.items) byIndicator[item.indicator] = (byIndicator[item.indicator] ?? 0) + 1;
console.log(
  JSON.stringify(
    {
      target,
      bytes: out.length,
      sha256: createHash('sha256').update(out).digest('hex'),
      sheetRows: rows.length,
      items: parsed.items.length,
      problems: parsed.problems,
      censored,
      aggregates: parsed.items.filter((i) => i.aggregate).length,
      byIndicator,
      provenance: parsed.provenance,
    },
    null,
    2,
  ),
);
