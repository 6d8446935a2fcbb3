import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { LocalTime } from "@lore/ui/local-time";
import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { actionLabel, actorLabel, describeAuditEntry } from "~/lib/audit";
import { requireAdmin } from "~/server/session";
import { getCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const admin = await requireAdmin();
  // Rendered on the server through the tRPC caller: no client round trips for an overview.
  const caller = await getCaller();
  const [overview, groups, activity, health] = await Promise.all([
    caller.admin.analytics.overview(),
    caller.admin.groups.list(),
    caller.admin.audit.list({ limit: 8 }),
    caller.health.ping(),
  ]);
  const memberships = groups.reduce((sum, group) => sum + group.memberCount, 0);

  return (
    <>
      <PageHeader title="Dashboard" description={`Signed in as ${admin.email}.`} />

      <div className="mb-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="dashboard-headline">
        <Metric
          label={`Questions, last ${overview.days} days`}
          value={overview.questions.toLocaleString()}
          href="/analytics?range=7"
          linkLabel="See analytics"
          testId="metric-questions"
        />
        <Metric
          label="Not found"
          value={overview.notFoundShare === null ? "—" : `${Math.round(overview.notFoundShare * 100)}%`}
          detail={`Of the last ${overview.days} days' answers`}
          href="/analytics?range=7"
          linkLabel="See the knowledge gaps"
          testId="metric-not-found"
        />
        <Metric
          label="Thumbs down to review"
          value={overview.thumbsDownAwaiting.toLocaleString()}
          href="/feedback"
          linkLabel="Open the feedback inbox"
          testId="metric-thumbs-down"
        />
        <Metric
          label="Documents"
          value={overview.documents.toLocaleString()}
          href="/documents"
          linkLabel="Manage documents"
          testId="metric-documents"
        />
        <Metric
          label="Stale examples"
          value={overview.staleExamples.toLocaleString()}
          detail="Their page changed since their review"
          href="/examples?show=stale"
          linkLabel="Review them"
          testId="metric-stale-examples"
        />
      </div>

      <div className="grid gap-4 sm:grid-cols-3">
        <Metric label="Groups" value={groups.length} href="/groups" linkLabel="Manage groups" testId="metric-groups" />
        <Metric label="Group memberships" value={memberships} href="/users" linkLabel="Manage users" testId="metric-memberships" />
        <Metric
          label="Database"
          value={
            <span className="flex items-center gap-2">
              <span className={health.ok ? "size-2.5 rounded-full bg-emerald-500" : "size-2.5 rounded-full bg-danger"} aria-hidden="true" />
              {health.ok ? "Online" : "Unavailable"}
            </span>
          }
          detail={health.ok ? `Answered in ${health.dbLatencyMs} ms` : "Lore cannot reach its database."}
          testId="metric-database"
        />
      </div>

      <Card className="mt-8">
        <CardHeader>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <CardTitle>Recent activity</CardTitle>
            <Link href="/audit" className="text-sm font-medium text-accent hover:underline">
              Full audit log
            </Link>
          </div>
          <CardDescription>The latest entries of the audit log.</CardDescription>
        </CardHeader>
        <CardContent>
          {activity.items.length === 0 ? (
            <p className="text-sm text-muted">Nothing has been recorded yet.</p>
          ) : (
            <ul className="divide-y divide-border" data-testid="recent-activity">
              {activity.items.map((entry) => (
                <li key={entry.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5 text-sm">
                  <span className="min-w-0">
                    <span className="font-medium text-fg">{actionLabel(entry.action)}</span>
                    {describeAuditEntry(entry) ? <span className="text-muted"> · {describeAuditEntry(entry)}</span> : null}
                  </span>
                  <span className="text-xs text-muted">
                    {actorLabel(entry)} · <LocalTime value={entry.at} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </>
  );
}

function Metric({
  label,
  value,
  detail,
  href,
  linkLabel,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: string;
  href?: string;
  linkLabel?: string;
  testId: string;
}) {
  return (
    <Card data-testid={testId}>
      <CardContent className="flex flex-col gap-1">
        <p className="text-sm text-muted">{label}</p>
        <p className="text-2xl font-semibold tracking-tight text-fg">{value}</p>
        {detail ? <p className="text-xs text-muted">{detail}</p> : null}
        {href && linkLabel ? (
          <Link href={href} className="mt-1 text-sm font-medium text-accent hover:underline">
            {linkLabel}
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}
