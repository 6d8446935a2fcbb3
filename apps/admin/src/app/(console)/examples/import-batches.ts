const utf8 = new TextEncoder();

/** What a line adds to the request body: its UTF-8 bytes once JSON-escaped, and its escaped line break. */
const sentSize = (line: string) => utf8.encode(JSON.stringify(line)).length;

/**
 * Splits a JSONL file into import calls small enough for tRPC's 1 MB body cap, each with the number of its first
 * line so the server's errors name the file's lines. Each call's size is counted as it travels (UTF-8 bytes after
 * JSON escaping), which is never less than its characters: a batch under `maxSize` is under the procedure's character
 * limit and its body under the cap, whatever the script (Thai or Vietnamese text takes two to three bytes a
 * character). Pure, for a unit test.
 */
export function jsonlBatches(text: string, maxSize: number): Array<{ text: string; firstLine: number }> {
  const lines = text.split(/\r?\n/);
  const batches: Array<{ text: string; firstLine: number }> = [];
  let current: string[] = [];
  let size = 0;
  let firstLine = 1;
  lines.forEach((line, i) => {
    const cost = sentSize(line);
    if (current.length > 0 && size + cost > maxSize) {
      batches.push({ text: current.join("\n"), firstLine });
      current = [];
      size = 0;
      firstLine = i + 1;
    }
    current.push(line);
    size += cost;
  });
  if (current.some((line) => line.trim() !== "")) batches.push({ text: current.join("\n"), firstLine });
  return batches.filter((b) => b.text.trim() !== "");
}
