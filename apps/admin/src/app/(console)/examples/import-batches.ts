/**
 * Splits a JSONL file into import calls small enough for tRPC's 1 MB body cap (the characters per call are counted
 * before JSON escaping, which at most doubles them for ordinary text), each with the number of its first line so
 * the server's errors name the file's lines. Pure, for a unit test.
 */
export function jsonlBatches(text: string, maxChars: number): Array<{ text: string; firstLine: number }> {
  const lines = text.split(/\r?\n/);
  const batches: Array<{ text: string; firstLine: number }> = [];
  let current: string[] = [];
  let size = 0;
  let firstLine = 1;
  lines.forEach((line, i) => {
    if (current.length > 0 && size + line.length + 1 > maxChars) {
      batches.push({ text: current.join("\n"), firstLine });
      current = [];
      size = 0;
      firstLine = i + 1;
    }
    current.push(line);
    size += line.length + 1;
  });
  if (current.some((line) => line.trim() !== "")) batches.push({ text: current.join("\n"), firstLine });
  return batches.filter((b) => b.text.trim() !== "");
}
