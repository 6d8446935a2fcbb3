import { nextPageCursor } from "@lore/ui/cursor-pages";
import { PageHeader } from "@lore/ui/page-header";
import type { Metadata } from "next";
import { Suspense } from "react";

import { LoadingBlock } from "~/components/loading-block";
import { requireAdmin } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";

import { USERS_PAGE_SIZE } from "./constants";
import { UsersTable } from "./users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requireAdmin();
  prefetch(trpc.admin.users.list.infiniteQueryOptions({ limit: USERS_PAGE_SIZE }, { getNextPageParam: nextPageCursor }));
  return (
    <HydrateClient>
      <PageHeader title="Users" description="Everyone who can sign in to Lore. Admins can use this console; employees can ask Lore." />
      <Suspense fallback={<LoadingBlock label="Loading users…" />}>
        <UsersTable currentUserId={admin.id} />
      </Suspense>
    </HydrateClient>
  );
}
