/**
 * Monitoring and reporting (issue 7): outside data imported for analysis, the boundary files that
 * turn points into P-coded areas, and the privacy ledger and released tables of the publication gate.
 *
 * - `monitoring_datasets`: one row per imported file (HXL CSV, ACLED, HTCDS, GLOTIP, a boundary
 *   file). The file's SHA-256 is unique: importing the same bytes again returns the dataset already
 *   held (the store's `saveDataset` answers `created: false`), so a retried upload never counts an
 *   incident twice. `problems` keeps at most the first 1,000 record problems; `problem_count` all.
 * - `monitoring_incidents`, `monitoring_movements`: the imported items, with the columns the
 *   analyses filter on. `date_from`/`date_to` are the days an incident's date may stand for
 *   (a "YYYY-MM" date spans its month), so a period filter takes only what certainly falls in it.
 *   Deleting a dataset deletes its items (`on delete cascade`).
 * - `glotip_values`: UNODC GLOTIP rows. A suppressed cell ("<5") is `value` null and
 *   `censored_below` 5: never a number that could be summed as if it were a count.
 * - `monitoring_boundaries`: a loaded boundary file, the GeoJSON kept as text (it is only ever
 *   handed back whole, and text keeps it exactly as loaded).
 * - `privacy_ledger`: one row per release through the publication gate, with the budget it was
 *   checked against. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE, as `consents`
 *   of 0008): spent privacy budget cannot be given back by editing the ledger.
 * - `monitoring_releases`: the released cells themselves, so a published table is shown again
 *   without spending budget, with the catalogue table (`table_id`) and period step it was built
 *   with, so it is shown, exported (HXL +month/+quarter/+year) and put in a report without parsing
 *   the ledger's free-text query. Append-only too: what was published stays as it was published.
 * - `monitoring_reports`: a report's DEFINITION (kind, title, language, country, period, the
 *   releases it is made of, in order, and the GLOTIP figures it quotes), never its rendered bytes:
 *   HTML and PDF are rendered from the stored releases on demand, deterministically (the report's
 *   date is `created_at`). Append-only: a report once made always renders the same. The release
 *   ids are an array, not a join table, because their order is the report's order; that each
 *   names a release is checked by the store when the report is saved (releases are never deleted,
 *   so it stays true).
 *
 * The check lists copy the closed lists of `@ariadne/monitoring/types` where they are stable
 * (verification status, mechanism, period step); categories, forms, table ids and report
 * languages are checked by shape here and exactly by the store, so a category, a catalogue table
 * or a language added there does not need a migration.
 */
import { sql, type Kysely } from 'kysely';

const SHA256 = sql.raw(`'^[0-9a-f]{64}$'`);
/** "YYYY-MM-DD" or "YYYY-MM" */
const ITEM_DATE = sql.raw(`'^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'`);
const COUNTRY = sql.raw(`'^[A-Z]{2}$'`);
const CATEGORY = sql.raw(`'^((tip|mrm|crsv|gbv):[a-z_]+|other)$'`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitoring_datasets (
      id text primary key,
      kind text not null check (kind in ('hxl', 'acled', 'htcds', 'glotip', 'boundaries')),
      file_name text not null check (length(file_name) between 1 and 300),
      sha256 text not null unique check (sha256 ~ ${SHA256}),
      imported_at timestamptz not null,
      imported_by text not null,
      items integer not null check (items >= 0),
      problem_count integer not null check (problem_count >= 0),
      -- [{ "record": n, "message": … }], the first 1,000
      problems jsonb not null default '[]'::jsonb check (jsonb_typeof(problems) = 'array' and jsonb_array_length(problems) <= 1000)
    )`.execute(db);
  await sql`create index monitoring_datasets_imported on monitoring_datasets (imported_at desc, id desc)`.execute(db);

  await sql`
    create table monitoring_incidents (
      ordinal bigint generated always as identity primary key,
      dataset_id text not null references monitoring_datasets(id) on delete cascade,
      item_id text not null,
      source text not null,
      date text not null check (date ~ ${ITEM_DATE}),
      date_from date not null,
      date_to date not null,
      country text check (country ~ ${COUNTRY}),
      pcode text check (length(pcode) between 1 and 64),
      lat double precision check (lat between -90 and 90),
      lon double precision check (lon between -180 and 180),
      category text not null check (category ~ ${CATEGORY}),
      forms text[] not null,
      perpetrator_group text,
      verification text not null check (verification in ('reported', 'verified', 'unverified', 'discredited')),
      -- [{ "sex", "ageBand", "count" }]: counts of persons, never names or identifiers
      victims jsonb not null check (jsonb_typeof(victims) = 'array'),
      check (date_from <= date_to),
      check ((lat is null) = (lon is null))
    )`.execute(db);
  await sql`create unique index monitoring_incidents_item on monitoring_incidents (dataset_id, item_id)`.execute(db);
  await sql`create index monitoring_incidents_period on monitoring_incidents (date_from, ordinal)`.execute(db);
  await sql`create index monitoring_incidents_country on monitoring_incidents (country, date_from) where country is not null`.execute(db);

  await sql`
    create table monitoring_movements (
      ordinal bigint generated always as identity primary key,
      dataset_id text not null references monitoring_datasets(id) on delete cascade,
      item_id text not null,
      source text not null,
      -- [{ "role", "place", "date"? }] in route order
      stages jsonb not null check (jsonb_typeof(stages) = 'array'),
      -- every country a stage names, for the country filter
      countries text[] not null,
      -- the earliest and latest stage dates (null when no stage is dated)
      date_from date,
      date_to date,
      count integer not null check (count >= 1),
      forms text[] not null,
      check ((date_from is null) = (date_to is null) and (date_from is null or date_from <= date_to))
    )`.execute(db);
  await sql`create unique index monitoring_movements_item on monitoring_movements (dataset_id, item_id)`.execute(db);
  await sql`create index monitoring_movements_period on monitoring_movements (date_from, ordinal) where date_from is not null`.execute(db);

  await sql`
    create table glotip_values (
      ordinal bigint generated always as identity primary key,
      dataset_id text not null references monitoring_datasets(id) on delete cascade,
      -- the row number in the source file, for tracing a figure back
      record integer not null check (record >= 1),
      iso3 text check (iso3 ~ '^[A-Z]{3}$'),
      country text not null,
      region text not null,
      subregion text not null,
      indicator text not null,
      dimension text not null,
      category text not null,
      sex text not null,
      age text not null,
      year integer not null check (year between 1900 and 2200),
      value integer check (value >= 0),
      censored_below integer check (censored_below >= 1),
      -- a count or a censored cell, never both, never neither
      check ((value is null) <> (censored_below is null))
    )`.execute(db);
  await sql`create index glotip_values_dataset on glotip_values (dataset_id, ordinal)`.execute(db);
  await sql`create index glotip_values_country on glotip_values (iso3, year)`.execute(db);

  await sql`
    create table monitoring_boundaries (
      id text primary key,
      dataset_id text not null unique references monitoring_datasets(id) on delete cascade,
      name text not null check (length(name) between 1 and 200),
      pcode_property text not null check (length(pcode_property) between 1 and 100),
      feature_count integer not null check (feature_count >= 0),
      geojson text not null,
      loaded_at timestamptz not null
    )`.execute(db);

  await sql`
    create table privacy_ledger (
      ordinal bigint generated always as identity primary key,
      id text not null unique,
      at timestamptz not null,
      query text not null check (length(query) between 1 and 2000),
      mechanism text not null check (mechanism in ('discrete-laplace', 'discrete-gaussian', 'none')),
      epsilon double precision not null check (epsilon >= 0 and epsilon < 'infinity'),
      delta double precision not null check (delta >= 0 and delta < 1),
      k integer not null check (k >= 5),
      cells integer not null check (cells >= 0),
      suppressed integer not null check (suppressed >= 0 and suppressed <= cells),
      released_by text not null,
      budget_epsilon double precision not null check (budget_epsilon >= 0 and budget_epsilon < 'infinity'),
      budget_delta double precision not null check (budget_delta >= 0 and budget_delta < 1),
      -- 'none' spends nothing; a DP mechanism spends a positive epsilon; the Laplace is pure DP
      check ((mechanism = 'none' and epsilon = 0 and delta = 0) or (mechanism <> 'none' and epsilon > 0)),
      check (mechanism <> 'discrete-laplace' or delta = 0)
    )`.execute(db);

  await sql`
    create table monitoring_releases (
      id text primary key,
      ledger_id text not null unique references privacy_ledger(id),
      title text not null check (length(title) between 1 and 300),
      -- an id of @ariadne/monitoring's TABLE_SPECS and the step of its time dimension
      table_id text not null check (table_id ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
      step text not null check (step in ('month', 'quarter', 'year')),
      cells jsonb not null check (jsonb_typeof(cells) = 'array'),
      note jsonb not null check (jsonb_typeof(note) = 'object'),
      released_by text not null,
      at timestamptz not null
    )`.execute(db);
  await sql`create index monitoring_releases_at on monitoring_releases (at desc, id desc)`.execute(db);

  await sql`
    create table monitoring_reports (
      id text primary key,
      kind text not null check (kind in ('thematic', 'country')),
      title text not null check (length(title) between 1 and 300),
      language text not null check (language ~ '^[a-z]{2,3}$'),
      -- ISO 3166-1 alpha-2: the country of a profile (required), the area of a thematic report
      country text check (country ~ ${COUNTRY}),
      period_from text not null check (period_from ~ ${ITEM_DATE}),
      period_to text not null check (period_to ~ ${ITEM_DATE}),
      -- monitoring_releases ids in the report's order
      release_ids text[] not null check (cardinality(release_ids) between 1 and 100),
      -- { "country", "fromYear", "toYear" }: the GLOTIP figures quoted, or null
      glotip jsonb check (glotip is null or jsonb_typeof(glotip) = 'object'),
      created_at timestamptz not null,
      created_by text not null,
      check (kind <> 'country' or country is not null),
      -- "C": compare the dates character by character, whatever the database's collation
      check (period_from collate "C" <= period_to collate "C")
    )`.execute(db);
  await sql`create index monitoring_reports_created on monitoring_reports (created_at desc, id desc)`.execute(db);

  await sql`
    create function ariadne_monitoring_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: spent privacy budget, published tables and reports are never changed', TG_TABLE_NAME;
    end $$`.execute(db);
  for (const table of ['privacy_ledger', 'monitoring_releases', 'monitoring_reports']) {
    await sql`
      create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function ariadne_monitoring_append_only()`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function ariadne_monitoring_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['monitoring_reports', 'monitoring_releases', 'privacy_ledger', 'monitoring_boundaries', 'glotip_values', 'monitoring_movements', 'monitoring_incidents', 'monitoring_datasets']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists ariadne_monitoring_append_only()`.execute(db);
}
