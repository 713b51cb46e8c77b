// Extracts the goAML code lists (report codes, indicators, funds and conduction types, countries,
// currencies…) from an FIU's XSD into the JSON file `loadCodeLists` reads. Run it on the schema
// your FIU supplies, then keep the JSON with your configuration:
//
//   node --import tsx packages/finance/scripts/extract-goaml-code-lists.ts <schema.xsd> <out.json> [version]
//
// Without arguments it regenerates the two example files shipped in packages/finance/goaml/
// code-lists/ from the example schemas in packages/finance/goaml/schemas/.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractCodeLists } from '../src/goaml/code-lists.ts';

const GOAML_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'goaml');
const EXAMPLES = [
  { xsd: join(GOAML_DIR, 'schemas', 'goAMLSchema-2.0.xsd'), out: join(GOAML_DIR, 'code-lists', '2.0-example.json'), version: '2.0' },
  { xsd: join(GOAML_DIR, 'schemas', 'goAMLSchema-5.0.2.xsd'), out: join(GOAML_DIR, 'code-lists', '5.0.2-example.json'), version: '5.0.2' },
];

function extract(xsdPath: string, outPath: string, version: string | undefined): void {
  const text = readFileSync(xsdPath, 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  const lists = extractCodeLists(text, {
    ...(version === undefined ? {} : { schemaVersion: version }),
    source: `${basename(xsdPath)} sha256:${digest}`,
  });
  writeFileSync(outPath, readableJson(lists.toJSON()));
  const counts = lists.types().map((t) => `${t} ${lists.entries(t).length}`).join(', ');
  console.log(`${basename(outPath)}: ${counts}`);
}

/** One code per line, so an administrator can read and edit the file and a diff shows one change per line. */
function readableJson(value: ReturnType<ReturnType<typeof extractCodeLists>['toJSON']>): string {
  const { lists, ...meta } = value;
  const head = Object.entries(meta).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const body = Object.entries(lists).map(([type, entries]) =>
    `    ${JSON.stringify(type)}: [\n${entries.map((e) => `      ${JSON.stringify(e)}`).join(',\n')}\n    ]`);
  return `{\n${head.join('\n')}\n  "lists": {\n${body.join(',\n')}\n  }\n}\n`;
}

const [xsdArg, outArg, versionArg] = process.argv.slice(2);
if (xsdArg !== undefined) {
  if (outArg === undefined) {
    console.error('usage: extract-goaml-code-lists.ts <schema.xsd> <out.json> [version]');
    process.exit(2);
  }
  extract(xsdArg, outArg, versionArg);
} else {
  for (const example of EXAMPLES) extract(example.xsd, example.out, example.version);
}
