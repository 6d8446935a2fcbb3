"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { ExampleEditor } from "../example-editor";

/** The editor, prefilled from a question or from inbox feedback. */
export function NewExample({ feedbackId, question }: { feedbackId: string | undefined; question: string }) {
  if (feedbackId) return <FromFeedback feedbackId={feedbackId} />;
  return <ExampleEditor initial={{ question, answer: "", tags: [], documents: [], pinned: false, enabled: true }} />;
}

function FromFeedback({ feedbackId }: { feedbackId: string }) {
  const trpc = useTRPC();
  // Each read of an employee's conversation is audited: read it once, not on every focus.
  const { data: item } = useSuspenseQuery({
    ...trpc.admin.feedback.get.queryOptions({ id: feedbackId }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  if (item.status === "converted") {
    return (
      <Alert variant="info" title="Already turned into an example">
        {item.exampleId ? (
          <Link href={`/examples/${item.exampleId}`} className="underline underline-offset-4">
            Open that example
          </Link>
        ) : (
          "That example was deleted since."
        )}
      </Alert>
    );
  }
  // A thumbs-down answer is what NOT to say: the answer starts empty, with the rated one beside it for reference.
  const documents = [...new Map(item.citations.map((c) => [c.documentId, { id: c.documentId, title: c.title }])).values()];
  return (
    <ExampleEditor
      initial={{ question: item.question, answer: item.rating === 1 ? item.answer : "", tags: [], documents, pinned: false, enabled: true }}
      feedback={{ id: item.id, rating: item.rating, answer: item.answer, comment: item.comment }}
    />
  );
}
