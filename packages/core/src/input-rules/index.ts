/**
 * The rules of what people type (labels, sources, tags, file sizes in words), shared by the domain and by the
 * forms that validate before they send. Browser-safe: only pure modules behind it, no Node, no database, so a
 * client component's schema can import it without pulling the parsers into the bundle.
 */
export { CONTROL_CHARACTER, MAX_SOURCE_CHARS, MAX_TAG_CHARS, labelProblem } from "../ingest/normalize";
export { formatBytes } from "../ingest/types";
