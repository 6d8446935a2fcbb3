/** Builders shared by the tests of core and of the packages above it (tests only: lint keeps product code out). */
export { withBadLastVector } from "./embedders";
export { PNG_BYTES, lieAboutSize, makeDocx, makeEncryptedPdf, makePdf, makeZip, markEncrypted, noise, renameEntry, utf8, type ZipFixtureEntry } from "./file-builders";
export { queueJobEnded, until } from "./jobs";
export { addSyntheticRows } from "./synthetic-rows";
