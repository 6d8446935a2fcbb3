import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { DocumentViewer } from "~/components/docs/document-viewer";
import { getCaller } from "~/trpc/server";

interface DocumentPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const single = (value: string | string[] | undefined) => (typeof value === "string" && value !== "" ? value : undefined);

// Once per request, though both the metadata and the page ask.
const viewDocument = cache(async (id: string, versionId: string | undefined, chunkId: string | undefined) => {
  const caller = await getCaller();
  try {
    return await caller.documents.view({ id, versionId, chunkId });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
});

/**
 * The document the person asked for, if they may read it. Anything else (unknown id, a restricted document,
 * a version of another document, a malformed id) is the same 404, so the page never reveals what exists.
 */
async function loadDocument({ params, searchParams }: DocumentPageProps) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  return viewDocument(id, single(query.version), single(query.chunk));
}

export async function generateMetadata(props: DocumentPageProps): Promise<Metadata> {
  const doc = await loadDocument(props);
  return { title: doc.title };
}

export default async function DocumentPage(props: DocumentPageProps) {
  return <DocumentViewer doc={await loadDocument(props)} />;
}
