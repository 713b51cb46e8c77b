/** A list of entity summaries (or search hits) linking to their pages. */
import type { EntitySummary } from '../api/types.ts';
import { Link } from '../router/router.tsx';
import { paths } from '../router/routes.ts';
import { useSchema } from '../schema/SchemaProvider.tsx';

export function EntityList({ items, testId, itemTestId = 'entity-link', extra }: {
  items: readonly EntitySummary[];
  testId: string;
  itemTestId?: string;
  extra?: (item: EntitySummary) => string | null;
}) {
  const { label } = useSchema();
  return (
    <ul className="list" data-testid={testId}>
      {items.map((e) => (
        <li key={e.id} className="list-item row" data-testid={`${itemTestId}-item`}>
          <Link to={paths.entity(e.id)} className="list-title" data-testid={itemTestId} data-entity-id={e.id}>
            {e.caption || e.id}
          </Link>
          <span className="badge">{label(e.schema)}</span>
          {extra?.(e) && <span className="muted small clamp grow">{extra(e)}</span>}
        </li>
      ))}
    </ul>
  );
}
