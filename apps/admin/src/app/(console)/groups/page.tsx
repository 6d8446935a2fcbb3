import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { CreateGroupForm } from "./create-group-form";
import { GroupsList } from "./groups-list";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  await requireAdmin();
  prefetch(trpc.admin.groups.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="Groups"
        description="Documents can be restricted to groups; Lore then uses them only in answers to the groups' members."
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Suspense fallback={<LoadingBlock label="Loading groups…" />}>
          <GroupsList />
        </Suspense>
        <CreateGroupForm />
      </div>
    </HydrateClient>
  );
}
