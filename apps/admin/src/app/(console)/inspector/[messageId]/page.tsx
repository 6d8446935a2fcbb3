import { LocalTime } from "@lore/ui/local-time";
import { PageHeader } from "@lore/ui/page-header";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { requireAdmin } from "~/server/session";
import { getCaller } from "~/trpc/server";

import { AnswerInspectionView } from "../answer-inspection-view";

export const metadata: Metadata = { title: "Answer trace" };

/** A past answer in the inspector's view. Read once on the server: each read is audited, so nothing refetches it. */
export default async function AnswerTracePage({ params }: { params: Promise<{ messageId: string }> }) {
  await requireAdmin();
  const { messageId } = await params;
  const caller = await getCaller();
  const view = await caller.admin.inspector.trace({ messageId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  return (
    <>
      <PageHeader
        title="Answer trace"
        description={
          <>
            Asked by {view.asker.name} ({view.asker.email}), <LocalTime value={view.createdAt} />. Status: {view.status}.{" "}
            <Link href="/inspector" className="underline">
              Ask a question in the inspector
            </Link>
          </>
        }
      />
      <AnswerInspectionView question={view.question} answer={view.answer} trace={view.trace} inspection={view.inspection} />
    </>
  );
}
