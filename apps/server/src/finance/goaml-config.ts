/**
 * The goAML configuration: who reports (the reporting entity: its FIU id, branch, reporting
 * person, location), against which schema (the XSD and code lists the FIU supplies, per schema
 * version), with which codes for each kind of transaction, in which local currency and time zone,
 * and the key that pseudonymises victims. Read from the JSON file `ARIADNE_GOAML_CONFIG` names
 * (the server's `finance.goamlConfigPath`); paths in it are relative to the file.
 *
 * Without that file the schemas and code lists shipped in `packages/finance/goaml/` (public
 * examples of what an FIU supplies) are used with their example code mappings, and the reporting
 * entity is unconfigured: exports answer 409 saying what to configure, so no report ever leaves
 * with an invented reporting entity.
 *
 * @example ARIADNE_GOAML_CONFIG file
 * ```json
 * { "reportingEntity": { "id": 123, "branch": "Main", "institutionName": "ACME Synthetic Bank", "bic": "ACMEAEAD",
 *     "reportingPerson": { "firstName": "Test", "lastName": "Officer", "occupation": "MLRO" },
 *     "location": { "address": "1 Synthetic Street", "city": "Dubai", "countryCode": "AE", "state": "Dubai" } },
 *   "currencyCodeLocal": "AED", "timeZone": "Asia/Dubai", "pseudonymKey": "…32 random bytes as text…",
 *   "schemas": { "5.0.2": { "xsd": "fiu/goAMLSchema.xsd", "codeLists": "fiu/code-lists.json",
 *     "codeMapping": { "kinds": { "transfer": { "transmode": "INTRN", "fromFunds": "FRACC", "toFunds": "FRACC", "transmodeComment": "T" } },
 *                      "fallback": { "transmode": "OTH", "fromFunds": "OTH", "toFunds": "OTH", "transmodeComment": "O" } } } } }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  GOAML_SCHEMA_VERSIONS, MIN_PSEUDONYM_KEY_BYTES, TX_KINDS, loadCodeLists, XsdSchema,
  type CodeLists, type GoamlCodeMapping, type GoamlReportingEntity, type GoamlSchemaVersion,
} from '@ariadne/finance';
import { AriadneError } from '@ariadne/schema';

/** `packages/finance/goaml/`, found through the package (not through this app's layout) */
export const SHIPPED_GOAML_DIR = fileURLToPath(new URL('../goaml/', import.meta.resolve('@ariadne/finance/types')));

/**
 * The example schemas' codes for each kind of transaction, from their code lists: a UAE FIU's
 * (5.0.2) and a Sri Lankan FIU's (2.0). An FIU's own schema needs its own mapping.
 */
export const EXAMPLE_CODE_MAPPINGS: Readonly<Record<GoamlSchemaVersion, GoamlCodeMapping>> = {
  '2.0': {
    kinds: {
      salary: { transmode: 'INTR', fromFunds: 'ELEC', toFunds: 'ELEC' },
      transfer: { transmode: 'INTR', fromFunds: 'ELEC', toFunds: 'ELEC' },
      wire: { transmode: 'INTR', fromFunds: 'ELEC', toFunds: 'ELEC' },
      cash_withdrawal: { transmode: 'BRCH', fromFunds: 'CASH', toFunds: 'CASH' },
      cash_deposit: { transmode: 'BRCH', fromFunds: 'CASH', toFunds: 'CASH' },
    },
    fallback: { transmode: 'OTH', fromFunds: 'OTH', toFunds: 'OTH' },
  },
  '5.0.2': {
    kinds: {
      salary: { transmode: 'INTRN', fromFunds: 'FRACC', toFunds: 'FRACC', transmodeComment: 'S' },
      transfer: { transmode: 'INTRN', fromFunds: 'FRACC', toFunds: 'FRACC', transmodeComment: 'T' },
      wire: { transmode: 'SWIFT', fromFunds: 'ELCFT', toFunds: 'ELCFT', transmodeComment: 'W' },
      cash_withdrawal: { transmode: 'OCT', fromFunds: 'FRACC', toFunds: 'CASH', transmodeComment: 'C' },
      cash_deposit: { transmode: 'OCT', fromFunds: 'CASH', toFunds: 'DPOST', transmodeComment: 'C' },
    },
    fallback: { transmode: 'INTRN', fromFunds: 'FRACC', toFunds: 'FRACC', transmodeComment: 'O' },
  },
};

const MAX_CONFIG_BYTES = 1024 * 1024;
const line = z.string().trim().min(1).max(1000);
const code = z.string().trim().min(1).max(100);
const address = z.strictObject({ type: code.optional(), address: line, city: line, countryCode: code, state: line.optional(), zip: line.optional() });
const phone = z.strictObject({ contactType: code.optional(), communicationType: code.optional(), countryPrefix: line.optional(), number: line });
const kindCodes = z.strictObject({ transmode: code, fromFunds: code, toFunds: code, transmodeComment: line.optional() });

const configSchema = z.strictObject({
  reportingEntity: z.strictObject({
    id: z.number().int().min(1).max(2_147_483_647),
    branch: line.optional(), institutionName: line.optional(), bic: line.optional(), institutionCode: line.optional(), nonBankInstitution: z.boolean().optional(),
    reportingPerson: z.strictObject({
      gender: code.optional(), title: line.optional(), firstName: line, lastName: line, idNumber: line.optional(), nationality: code.optional(),
      email: line.optional(), occupation: line.optional(), phones: z.array(phone).max(20).optional(), addresses: z.array(address).max(20).optional(),
    }),
    location: address.optional(),
  }).optional(),
  currencyCodeLocal: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code').optional(),
  timeZone: line.optional(),
  pseudonymKey: z.string().refine((k) => Buffer.byteLength(k, 'utf8') >= MIN_PSEUDONYM_KEY_BYTES, `at least ${MIN_PSEUDONYM_KEY_BYTES} bytes`).optional(),
  schemas: z.partialRecord(z.enum(GOAML_SCHEMA_VERSIONS), z.strictObject({
    xsd: line.optional(),
    codeLists: line.optional(),
    codeMapping: z.strictObject({ kinds: z.partialRecord(z.enum(TX_KINDS), kindCodes), fallback: kindCodes.optional() }).optional(),
  })).optional(),
});

export interface GoamlSchemaFiles {
  readonly xsdPath: string;
  readonly codeListsPath: string;
  readonly codeMapping: GoamlCodeMapping;
}

export interface GoamlConfig {
  /** null until configured: exports answer 409 */
  readonly reportingEntity: GoamlReportingEntity | null;
  /** the local currency; default the currency table's base */
  readonly currencyCodeLocal: string | null;
  readonly timeZone: string | undefined;
  readonly pseudonymKey: string | undefined;
  readonly schemas: Partial<Record<GoamlSchemaVersion, GoamlSchemaFiles>>;
}

/** what an administrator sets in the configuration file to make exports possible */
export const WHAT_TO_CONFIGURE = 'set ARIADNE_GOAML_CONFIG to a JSON file with the reportingEntity (its FIU id, branch, reporting person and location), '
  + "the FIU's XSD, code lists and code mapping per schema version, and a pseudonymKey of at least 16 bytes";

function shipped(version: GoamlSchemaVersion): GoamlSchemaFiles {
  return {
    xsdPath: join(SHIPPED_GOAML_DIR, 'schemas', `goAMLSchema-${version}.xsd`),
    codeListsPath: join(SHIPPED_GOAML_DIR, 'code-lists', `${version}-example.json`),
    codeMapping: EXAMPLE_CODE_MAPPINGS[version],
  };
}

/** the configuration of an installation that has none: the shipped examples, no reporting entity */
export function unconfiguredGoaml(): GoamlConfig {
  return { reportingEntity: null, currencyCodeLocal: null, timeZone: undefined, pseudonymKey: undefined, schemas: { '2.0': shipped('2.0'), '5.0.2': shipped('5.0.2') } };
}

function invalidConfig(message: string, details?: Record<string, string>): AriadneError {
  // a CONFLICT, not a VALIDATION_FAILED: the request is fine, the server's configuration is not
  return new AriadneError('CONFLICT', `The goAML configuration (ARIADNE_GOAML_CONFIG) is not usable: ${message}`, details ? { details } : {});
}

/**
 * Reads and checks the configuration file. A schema version the file lists uses the file's XSD,
 * code lists and mapping, each defaulting to the shipped example's; versions it does not list are
 * not offered (an FIU accepts the schemas it supplies).
 *
 * @throws AriadneError CONFLICT naming what is wrong with the file
 */
export async function loadGoamlConfig(path: string | null): Promise<GoamlConfig> {
  if (path === null) return unconfiguredGoaml();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw invalidConfig(`the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) throw invalidConfig('the file is larger than 1 MB.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidConfig('the file is not valid JSON.');
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const details: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, 20)) {
      const key = issue.path.join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') for (const k of issue.keys) details[key === '(root)' ? k : `${key}.${k}`] = 'unknown key';
      else details[key] = issue.message;
    }
    throw invalidConfig(Object.entries(details).map(([k, v]) => `${k}: ${v}`).join('; '), details);
  }
  const config = parsed.data;
  const base = dirname(resolve(path));
  const at = (file: string) => (isAbsolute(file) ? file : join(base, file));
  const schemas: Partial<Record<GoamlSchemaVersion, GoamlSchemaFiles>> = {};
  for (const version of GOAML_SCHEMA_VERSIONS) {
    const given = config.schemas?.[version];
    if (config.schemas !== undefined && given === undefined) continue;
    const example = shipped(version);
    schemas[version] = {
      xsdPath: given?.xsd === undefined ? example.xsdPath : at(given.xsd),
      codeListsPath: given?.codeLists === undefined ? example.codeListsPath : at(given.codeLists),
      codeMapping: given?.codeMapping ?? example.codeMapping,
    };
  }
  return {
    reportingEntity: config.reportingEntity ?? null,
    currencyCodeLocal: config.currencyCodeLocal ?? null,
    timeZone: config.timeZone,
    pseudonymKey: config.pseudonymKey,
    schemas,
  };
}

/** A schema version's compiled XSD and code lists, loaded once. */
export interface GoamlSchema {
  readonly version: GoamlSchemaVersion;
  readonly xsd: XsdSchema;
  readonly codeLists: CodeLists;
  readonly codeMapping: GoamlCodeMapping;
}

/** @throws AriadneError CONFLICT when a file is missing or is not a usable XSD or code list */
export async function loadGoamlSchema(version: GoamlSchemaVersion, files: GoamlSchemaFiles): Promise<GoamlSchema> {
  let xsdText: string;
  let listsText: string;
  try {
    [xsdText, listsText] = await Promise.all([readFile(files.xsdPath, 'utf8'), readFile(files.codeListsPath, 'utf8')]);
  } catch (error) {
    throw invalidConfig(`the XSD or the code lists of schema ${version} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let codeLists: CodeLists;
  try {
    codeLists = loadCodeLists(listsText);
  } catch (error) {
    throw invalidConfig(`the code lists of schema ${version}: ${(error as Error).message}`);
  }
  if (codeLists.schemaVersion !== undefined && codeLists.schemaVersion !== version) {
    throw invalidConfig(`the code lists configured for schema ${version} are for schema ${codeLists.schemaVersion}.`);
  }
  try {
    return { version, xsd: XsdSchema.fromText(xsdText), codeLists, codeMapping: files.codeMapping };
  } catch (error) {
    throw invalidConfig(`the XSD of schema ${version}: ${(error as Error).message}`);
  }
}
