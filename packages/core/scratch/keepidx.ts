// Scratch: ingest throughput with the search indexes maintained (as uploads and `lore import` run today).
import { startTestDatabaseProcess } from "@lore/db/testing";
import { createHashingEmbedder } from "../src/embed";
import { INDEXING_CONCURRENCY, TaskSlots } from "../src/ingest/concurrent";
import { indexDocument } from "../src/ingest/store";
import { syntheticCorpus } from "../src/eval/synthetic";

const target = Number(process.argv[2] ?? 20000);
const embedder = createHashingEmbedder();
const corpus = syntheticCorpus(42, { sectionsPerDoc: Math.max(1, Math.min(10, Math.floor(target / 50))) });
const db = await startTestDatabaseProcess();
try {
  let chunks = 0;
  let documents = 0;
  const slots = new TaskSlots(INDEXING_CONCURRENCY);
  const t0 = performance.now();
  let lastReport = 0;
  while (chunks < target) {
    await slots.free();
    if (chunks >= target) break;
    const d = corpus.doc(documents++);
    void slots.run(d.externalId, async () => {
      const r = await indexDocument(db.prisma, { source: "bench", doc: { externalId: d.externalId, title: d.title, text: d.text, mimeType: "text/markdown", language: "en" } }, { embedder });
      chunks += r.chunks;
      if (chunks - lastReport >= 5000) {
        lastReport = chunks;
        console.log(JSON.stringify({ chunks, s: Math.round((performance.now() - t0) / 100) / 10, per_s: Math.round(chunks / ((performance.now() - t0) / 1000)) }));
      }
    });
  }
  await slots.idle();
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ mode: "indexes kept", chunks, documents, seconds: Math.round(s * 10) / 10, chunks_per_s: Math.round((chunks / s) * 10) / 10 }));
} finally {
  await db.stop();
}
