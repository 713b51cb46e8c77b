/**
 * Financial intelligence (issue 10): transaction data sets of a case, the KYC of their accounts,
 * the alerts the detectors raise with their triage history, and FIU cases (the alerts and entities
 * gathered for one goAML report).
 *
 * Transactions are keyed by (case, the institution's reference): a reference the case already
 * holds is a duplicate, whichever data set it came in. Transaction ids are ordered byte-wise
 * (`collate "C"`) wherever order matters, so a case's time order (ties broken by id) is the same on
 * every backend and a scan finds the same patterns on PGlite and on a server.
 *
 * An alert's `evidence_key` is the SHA-256 of its sorted transaction ids: the same typology on the
 * same evidence is one alert, however often the scan runs, and a closed one stays closed.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table finance_datasets (
      id text primary key,
      case_id text not null references cases(id),
      source text not null,
      format text not null,
      -- '' for a stream; a file's bytes otherwise
      sha256 text not null,
      imported_at timestamptz not null,
      imported_by text not null,
      transactions integer not null default 0,
      accounts integer not null default 0,
      errors integer not null default 0,
      -- the target of the transactions' (case_id, dataset_id) key: a transaction is in its data set's case
      unique (case_id, id),
      check ((format = 'stream') = (sha256 = ''))
    )`.execute(db);
  // a file is imported into a case once: the same file again answers its data set (see finance-data.ts)
  await sql`create unique index finance_datasets_file on finance_datasets (case_id, sha256) where sha256 <> ''`.execute(db);
  await sql`create index finance_datasets_case on finance_datasets (case_id, imported_at desc, id desc)`.execute(db);

  await sql`
    create table finance_transactions (
      case_id text not null,
      dataset_id text not null,
      id text not null,
      from_account text not null,
      to_account text not null,
      -- the decimal text as the source gave it (reports quote it) and its value for analytics
      amount_text text not null,
      amount double precision not null check (amount > 0),
      currency text not null,
      ts timestamptz not null,
      kind text not null,
      raw_type text,
      from_bank text,
      to_bank text,
      from_country text,
      to_country text,
      location text,
      merchant_category text,
      reference text,
      beneficiary_name text,
      primary key (case_id, id),
      foreign key (case_id, dataset_id) references finance_datasets (case_id, id)
    )`.execute(db);
  // the case's time order: readTransactions' keyset pages
  await sql`create index finance_transactions_time on finance_transactions (case_id, ts, id collate "C")`.execute(db);

  await sql`
    create table finance_accounts (
      case_id text not null references cases(id),
      id text not null,
      customer_id text,
      holder_id text,
      holder_name text,
      kind text check (kind in ('personal', 'business', 'msb', 'unknown')),
      business_type text,
      bank text,
      country text,
      city text,
      updated_at timestamptz not null,
      primary key (case_id, id)
    )`.execute(db);
  await sql`create index finance_accounts_holder on finance_accounts (holder_id) where holder_id is not null`.execute(db);

  await sql`
    create table finance_dataset_errors (
      dataset_id text not null references finance_datasets(id),
      ordinal integer not null,
      record text not null,
      field text,
      message text not null,
      primary key (dataset_id, ordinal)
    )`.execute(db);

  await sql`
    create table fiu_cases (
      id text primary key,
      case_id text not null references cases(id),
      title text not null,
      status text not null default 'draft' check (status in ('draft', 'ready', 'reported')),
      report_code text not null,
      reason text not null default '',
      action text not null default '',
      indicators jsonb not null default '[]'::jsonb,
      entity_ids jsonb not null default '[]'::jsonb,
      transaction_ids jsonb not null default '[]'::jsonb,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      reported_at timestamptz,
      report_sha256 text,
      report_schema_version text,
      check ((status = 'reported') = (reported_at is not null and report_sha256 is not null))
    )`.execute(db);
  await sql`create index fiu_cases_case on fiu_cases (case_id, created_at desc, id desc)`.execute(db);

  await sql`
    create table finance_alerts (
      id text primary key,
      case_id text not null references cases(id),
      dataset_id text references finance_datasets(id),
      typology text not null,
      evidence_key text not null,
      detectors jsonb not null,
      score double precision not null check (score >= 0 and score <= 1),
      accounts jsonb not null,
      transactions jsonb not null,
      explanation text not null,
      findings jsonb not null,
      algorithm text not null,
      status text not null default 'new' check (status in ('new', 'in_review', 'escalated', 'closed')),
      assignee text references users(id),
      disposition text check (disposition in ('suspicious', 'not_suspicious', 'insufficient_information')),
      -- the alerts of an FIU case: an alert is in at most one
      fiu_case_id text references fiu_cases(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (case_id, typology, evidence_key),
      check ((status = 'escalated') = (fiu_case_id is not null)),
      check (status <> 'closed' or disposition is not null)
    )`.execute(db);
  await sql`create index finance_alerts_queue on finance_alerts (case_id, score desc, created_at desc, id desc)`.execute(db);
  await sql`create index finance_alerts_assignee on finance_alerts (assignee, status) where assignee is not null`.execute(db);
  await sql`create index finance_alerts_fiu_case on finance_alerts (fiu_case_id) where fiu_case_id is not null`.execute(db);

  await sql`
    create table finance_alert_events (
      id bigint generated always as identity primary key,
      alert_id text not null references finance_alerts(id),
      at timestamptz not null,
      by text not null,
      action text not null,
      -- the user an 'assigned' step names
      assignee text,
      note text
    )`.execute(db);
  await sql`create index finance_alert_events_alert on finance_alert_events (alert_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['finance_alert_events', 'finance_alerts', 'fiu_cases', 'finance_dataset_errors', 'finance_accounts', 'finance_transactions', 'finance_datasets']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
