/**
 * The CLI's exit codes (documented in README.md and `ariadne --help`), and the mapping of
 * Ariadne's error codes onto them.
 */
import { isAriadneError } from '@ariadne/schema';

export const EXIT = {
  OK: 0,
  /** an unexpected error (a bug, the database went away) */
  UNEXPECTED: 1,
  /** bad command line or configuration (unknown option, bad role, missing case, bad mapping) */
  USAGE: 2,
  /** the import finished, but some rows were bad (they are listed) */
  BAD_ROWS: 3,
  /** `journal verify` found a changed or missing entry; `evidence verify` found a bundle not intact */
  JOURNAL_BROKEN: 4,
  /** the input file cannot be read or is malformed as a whole */
  INPUT: 5,
  /** a list publisher could not be reached (no network): import a local copy */
  UNREACHABLE: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  unexpected error (set ARIADNE_DEBUG=1 for details)
  2  usage or configuration error
  3  import finished with bad rows (listed, with line numbers)
  4  the journal, an evidence bundle or a sharing package does not verify
  5  input file unreadable or malformed
  6  a list publisher could not be reached (import a local copy instead)`;

/** An expected failure: printed as one line, mapped to `exit`. */
export class CliError extends Error {
  constructor(readonly exit: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exit;
  if (!isAriadneError(error)) return EXIT.UNEXPECTED;
  switch (error.code) {
    case 'MALFORMED_INPUT':
    case 'PAYLOAD_TOO_LARGE':
      return EXIT.INPUT;
    case 'JOURNAL_BROKEN':
      return EXIT.JOURNAL_BROKEN;
    case 'UPSTREAM_UNAVAILABLE':
      return EXIT.UNREACHABLE;
    case 'INTERNAL':
      return EXIT.UNEXPECTED;
    default:
      return EXIT.USAGE;
  }
}
