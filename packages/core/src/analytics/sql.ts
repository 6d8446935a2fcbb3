// SQL fragments the analytics statements share.
import { Prisma } from "@lore/db";

/** SQL: the text of a message's `parts` (its text parts joined), '' when it has none. */
export function questionTextSql(parts: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce((
      SELECT string_agg(p.value->>'text', '' ORDER BY p.ordinality)
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${parts}) = 'array' THEN ${parts} ELSE '[]'::jsonb END)
           WITH ORDINALITY AS p(value, ordinality)
      WHERE jsonb_typeof(p.value) = 'object' AND p.value->>'type' = 'text'), '')`;
}
