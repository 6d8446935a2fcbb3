import { Spinner } from "@lore/ui/spinner";

/** The placeholder shown while a section's data streams in. */
export function LoadingBlock({ label }: { label: string }) {
  return (
    <div className="flex items-center gap-2 py-8 text-sm text-muted" role="status">
      <Spinner size="sm" label={null} /> {label}
    </div>
  );
}
