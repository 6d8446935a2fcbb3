"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { LocalTime } from "@lore/ui/local-time";
import { Spinner } from "@lore/ui/spinner";
import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { Suspense } from "react";

/** Who is asking and what Lore can draw on for them: their groups and the knowledge base's status. */
export function AccessOverview() {
  return (
    <div className="grid gap-6 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <ProfileCard />
      <KnowledgeBaseCard />
    </div>
  );
}

function ProfileCard() {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions());

  return (
    <Card data-testid="profile-card" aria-busy={me.isPending || undefined}>
      <CardHeader>
        <CardTitle>{me.data ? <span data-testid="greeting">Hello, {me.data.name}</span> : "Your access"}</CardTitle>
        <CardDescription>
          {me.data ? (
            <>
              Signed in as <span className="font-medium text-fg">{me.data.email}</span>
            </>
          ) : (
            "Which documents Lore can use when it answers you."
          )}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {me.isPending ? (
          <div className="flex items-center gap-2 text-sm text-muted">
            <Spinner size="sm" label={null} /> Loading your profile…
          </div>
        ) : me.isError ? (
          <Alert variant="error" title="Your profile could not be loaded" data-testid="profile-error">
            <p>{me.error.data?.code === "UNAUTHORIZED" ? "Your session has ended. Sign in again." : "Please try again."}</p>
            <Button variant="secondary" size="sm" className="mt-2" onClick={() => void me.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : me.data.groups.length > 0 ? (
          <div className="flex flex-col gap-3">
            <p className="text-sm text-muted">Lore answers from documents shared with everyone and with your groups:</p>
            <ul className="flex flex-wrap gap-2" aria-label="Your groups" data-testid="user-groups">
              {me.data.groups.map((group) => (
                <li key={group.id}>
                  <Badge variant="accent" className="px-2.5 py-1 text-sm" data-testid="group-badge">
                    {group.name}
                  </Badge>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-muted" data-testid="user-groups-empty">
            You are not in any groups, so Lore answers from documents shared with everyone. An admin can add you to groups such as your team
            or department.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

function KnowledgeBaseCard() {
  return (
    <Card data-testid="kb-card">
      <CardHeader>
        <CardTitle>Knowledge base</CardTitle>
        <CardDescription>Where Lore looks things up.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-2 text-sm">
        <Suspense
          fallback={
            <div className="flex items-center gap-2 text-muted">
              <Spinner size="sm" label={null} /> Checking…
            </div>
          }
        >
          <KnowledgeBaseStatus />
        </Suspense>
      </CardContent>
    </Card>
  );
}

/** Prefetched on the server: suspends (server and browser alike) until that result has streamed in. */
function KnowledgeBaseStatus() {
  const trpc = useTRPC();
  const { data: status } = useSuspenseQuery({ ...trpc.health.ping.queryOptions(), refetchInterval: 60_000 });
  return (
    <>
      <div className="flex items-center gap-2" data-testid="kb-status" data-status={status.ok ? "online" : "offline"}>
        <span className={status.ok ? "size-2.5 rounded-full bg-emerald-500" : "size-2.5 rounded-full bg-danger"} aria-hidden="true" />
        <span className="font-medium">{status.ok ? "Online" : "Unavailable"}</span>
      </div>
      <p className="text-muted">
        {status.ok
          ? `The database answered in ${status.dbLatencyMs} ms.`
          : "Lore cannot reach its database right now. Answers will be back once it does."}
      </p>
      <p className="text-xs text-muted">
        Checked at <LocalTime value={status.time} format={{ timeStyle: "medium" }} />
      </p>
    </>
  );
}
