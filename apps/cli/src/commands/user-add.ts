/** `ariadne user add`: creates a user; the password comes from ARIADNE_PASSWORD or is generated once. */
import { checkPasswordPolicy, generateOneTimePassword, hashPassword, isRole, ROLES, type Role } from '@ariadne/access';
import type { Store, UserRecord } from '@ariadne/store';
import type { CliConfig } from '../config.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { box, type Io } from '../io.ts';
import { CLI_ACTOR, withStore } from '../open-store.ts';

export interface NewUserInput {
  readonly username: string;
  readonly roles: readonly string[];
  readonly displayName?: string;
  /** null: generate a one-time password */
  readonly password: string | null;
}

const USERNAME = /^[\p{L}\p{N}._-]{2,100}$/u;

/**
 * Creates a user who must choose a new password at first sign-in. Shared by `user add`, the
 * first-run admin of `serve` and the demo users.
 */
export async function addUser(store: Store, input: NewUserInput): Promise<{ user: UserRecord; oneTimePassword: string | null }> {
  if (!USERNAME.test(input.username)) throw new CliError(EXIT.USAGE, 'The username must be 2–100 letters, digits, dots, dashes or underscores.');
  const bad = input.roles.filter((r) => !isRole(r));
  if (bad.length > 0 || input.roles.length === 0) throw new CliError(EXIT.USAGE, `Give one or more --role of: ${ROLES.join(', ')}.`);
  if (await store.getCredentialsByUsername(input.username)) throw new CliError(EXIT.USAGE, `The username ${input.username} is taken.`);
  const oneTimePassword = input.password === null ? generateOneTimePassword() : null;
  const password = input.password ?? (oneTimePassword as string);
  const problem = checkPasswordPolicy(password, input.username);
  if (problem) throw new CliError(EXIT.USAGE, `The password is not acceptable: ${problem}`);
  const user = await store.createUser(CLI_ACTOR, {
    username: input.username,
    displayName: input.displayName ?? input.username,
    roles: [...new Set(input.roles)] as Role[],
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
  });
  return { user, oneTimePassword };
}

export async function runUserAdd(config: CliConfig, io: Io, options: { username: string; role: string[]; displayName?: string }): Promise<number> {
  return withStore(config, async ({ store }) => {
    const input = { username: options.username, roles: options.role, password: config.userPassword, ...(options.displayName ? { displayName: options.displayName } : {}) };
    const { user, oneTimePassword } = await addUser(store, input);
    io.out(`Created user ${user.username} (${user.roles.join(', ')}), id ${user.id}.\n`);
    if (oneTimePassword) {
      io.out(box([`One-time password for ${user.username}: ${oneTimePassword}`, 'Shown once. It must be changed at first sign-in.']));
    } else {
      io.out('Password taken from ARIADNE_PASSWORD; it must be changed at first sign-in.\n');
    }
    return EXIT.OK;
  });
}
