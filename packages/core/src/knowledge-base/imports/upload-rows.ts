/**
 * Which `ingestion_job_files` row an import's file results belong to, while the import runs (./run-import.ts).
 *
 * The expansion of the uploads (ingest/sources.ts) reads an upload's bytes when it reaches it and yields every
 * file of that upload before it reads the next, so a result belongs to the upload read last. An ordinary file is
 * its upload's row; an entry of a `.zip` export gets a row of its own after the uploaded files' (./job-files.ts),
 * numbered in the order the import meets them, which is the same on every attempt.
 */
import type { PrismaClient } from "@lore/db";
import { extensionOf } from "../../ingest/normalize";
import { addEmbeddedChunks, endArchiveRow, markFileStage } from "./job-files";

export interface UploadRow {
  ordinal: number;
  name: string;
  size: number;
}

export class UploadRows {
  private current = -1;
  private entriesSeen = 0;
  /** Archives being read or read: their entry count, until their own row is ended. */
  private readonly openArchives = new Map<number, number>();

  constructor(
    private readonly db: PrismaClient,
    private readonly jobId: string,
    private readonly files: readonly { name: string; size: number }[],
  ) {}

  /** The expansion reached upload `index`: its row is parsing. */
  async reading(index: number): Promise<void> {
    this.current = index;
    const file = this.files[index]!;
    if (isArchive(file.name)) this.openArchives.set(index, 0);
    await markFileStage(this.db, this.jobId, { ordinal: index, name: file.name, size: file.size }, "parsing");
  }

  /** The row of a result of the upload being read (the file name as the expansion gives it). */
  rowOf(resultFile: string): UploadRow {
    const upload = this.files[this.current]!;
    // The archive's own problems (unreadable, too large) are its row's; its entries have their own.
    if (!this.openArchives.has(this.current) || resultFile === upload.name.replace(/\\/g, "/")) {
      return { ordinal: this.current, name: upload.name, size: upload.size };
    }
    this.openArchives.set(this.current, this.openArchives.get(this.current)! + 1);
    const ordinal = this.files.length + this.entriesSeen;
    this.entriesSeen += 1;
    return { ordinal, name: resultFile, size: 0 };
  }

  /** The file parsed into `documents` documents, now being embedded. */
  async embedding(row: UploadRow, documents: number): Promise<void> {
    await markFileStage(this.db, this.jobId, { ...row, documents }, "embedding");
  }

  /** One more of the file's documents is indexed, with `chunks` chunks. */
  async embedded(row: UploadRow, chunks: number): Promise<void> {
    await addEmbeddedChunks(this.db, this.jobId, row.ordinal, chunks);
  }

  /** The upload being read. */
  get uploadIndex(): number {
    return this.current;
  }

  /** Ends the rows of the archives read before upload `before`: every result of theirs has come. */
  async endArchivesBefore(before: number): Promise<void> {
    for (const [ordinal, entries] of this.openArchives) {
      if (ordinal >= before) continue;
      await endArchiveRow(this.db, this.jobId, ordinal, entries);
      this.openArchives.delete(ordinal);
    }
  }
}

const isArchive = (name: string) => extensionOf(name) === "zip";
