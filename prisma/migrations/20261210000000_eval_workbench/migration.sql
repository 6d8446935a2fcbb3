-- The evaluation workbench (issue 27): runs as background jobs, grouped into ladders, reproducible, and each case's
-- answer kept whole for the console. Additive only: new nullable or defaulted columns and new indexes.
--
-- Applied by packages/db/src/migrate.ts inside one transaction (see the init migration).

-- ladder_id: the runs started together as one ladder share it; rung names the step (eval/run-config.ts LADDER).
-- cases_total: the set's cases when the run was started (progress = its results / this).
-- resolved: what the run really answered with, recorded when it starts (prompt version id and number, model,
-- retrieval and example settings after the version's own, the asker, the knowledge base's state); see
-- docs/evaluation-workbench.md.
ALTER TABLE "eval_runs" ADD COLUMN "ladder_id" TEXT;
ALTER TABLE "eval_runs" ADD COLUMN "rung" TEXT;
ALTER TABLE "eval_runs" ADD COLUMN "cases_total" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "eval_runs" ADD COLUMN "resolved" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "eval_runs" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- The runs list (newest first, any set) and a ladder's runs.
CREATE INDEX "eval_runs_created_at_idx" ON "eval_runs"("created_at");
CREATE INDEX "eval_runs_ladder_id_idx" ON "eval_runs"("ladder_id");

-- A case's answer as the chat would have stored it (text, sources, citations, trace: the message's parts) and its
-- inspection (the prompt sent, each retriever's candidates): runs store no messages, so the inspector's view of a
-- case is read from here.
ALTER TABLE "eval_results" ADD COLUMN "parts" JSONB;
ALTER TABLE "eval_results" ADD COLUMN "inspection" JSONB;
