import Link from "next/link";

/** The trail back from an evaluation page: the workbench, then what else leads here (a run, say). */
export function EvaluationsBreadcrumb({ also }: { also?: { href: string; label: string } }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-4 flex gap-2 text-sm">
      <Link href="/evaluations" className="text-accent underline-offset-4 hover:underline">
        Evaluations
      </Link>
      {also ? (
        <>
          <span aria-hidden="true" className="text-muted">
            /
          </span>
          <Link href={also.href} className="text-accent underline-offset-4 hover:underline">
            {also.label}
          </Link>
        </>
      ) : null}
    </nav>
  );
}
