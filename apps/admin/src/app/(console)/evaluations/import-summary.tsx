import { Alert } from "@lore/ui/alert";

import type { ImportOutcome } from "./jsonl";

/** What an import did: the cases imported, or each bad line with its reason (nothing of that batch was imported). */
export function ImportSummary({ outcome }: { outcome: ImportOutcome }) {
  if (outcome.errors.length === 0)
    return (
      <Alert variant="success" data-testid="eval-import-summary">
        {outcome.imported} {outcome.imported === 1 ? "case" : "cases"} imported.
      </Alert>
    );
  return (
    <Alert variant="error" data-testid="eval-import-summary">
      <p>
        Nothing was imported from this file{outcome.batches > 1 ? ` after its first ${outcome.imported} cases` : ""}: fix these lines and
        import it again.
      </p>
      <ul className="mt-2 max-h-48 list-disc overflow-y-auto pl-5 text-xs">
        {outcome.errors.slice(0, 200).map((e) => (
          <li key={`${e.line}-${e.message}`}>
            Line {e.line}: {e.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
