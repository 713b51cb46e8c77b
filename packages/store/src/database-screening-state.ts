/** Kysely row type of `screening_state` (migration 0005). */
import type { ColumnType } from 'kysely';

export interface ScreeningStateDatabase {
  screening_state: {
    entity_id: string;
    screened_at: ColumnType<Date, Date | string, Date | string>;
    lists_key: string;
  };
}
