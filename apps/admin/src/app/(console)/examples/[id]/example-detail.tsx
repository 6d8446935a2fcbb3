"use client";

import { useTRPC } from "@lore/next/trpc/react";
import { useSuspenseQuery } from "@tanstack/react-query";

import { ExampleEditor } from "../example-editor";

export function ExampleDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: example } = useSuspenseQuery(trpc.admin.examples.get.queryOptions({ id }));
  return (
    <ExampleEditor
      initial={{
        question: example.question,
        answer: example.answer,
        tags: example.tags,
        documents: example.documents.map((d) => ({ id: d.id, title: d.title })),
        pinned: example.pinned,
        enabled: example.enabled,
      }}
      existing={{ id: example.id, reviewedAt: example.reviewedAt, pending: example.pending, stale: example.stale }}
    />
  );
}
