/** Builders shared by the tests of core and of the packages above it (tests only: lint keeps product code out). */
export { markdownDoc, policyPage, textFile } from "./documents";
export { withBadLastVector } from "./embedders";
export { EVAL_CASES, evalPages, toJsonl } from "./evaluations";
export { acceptingQueue, hashing } from "./embedding-models";
export {
  PNG_BYTES,
  lieAboutSize,
  makeDocx,
  makeEncryptedPdf,
  makePdf,
  makeZip,
  markEncrypted,
  noise,
  renameEntry,
  utf8,
  type ZipFixtureEntry,
} from "./file-builders";
export { queueJobEnded, until } from "./jobs";
export { addSyntheticRows } from "./synthetic-rows";
export { createTestUser } from "./users";
export {
  startFakeOpenAI,
  type FakeAnswer,
  type FakeDelta,
  type FakeError,
  type FakeOpenAIOptions,
  type FakeOpenAIServer,
  type FakeReply,
  type FakeRequest,
} from "./fake-openai";
