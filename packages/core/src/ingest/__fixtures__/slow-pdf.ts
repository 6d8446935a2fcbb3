import { deflateSync } from "node:zlib";
import { PDFDocument, StandardFonts } from "pdf-lib";

/**
 * A PDF that takes pdf.js minutes to read, from a few dozen kilobytes: every page draws, after its line of text, one
 * shared compressed content stream that inflates to 16 MB of drawing operators (save, transform, restore), which
 * pdf.js reads one by one, page after page (about a second per page). Nothing in it is malformed: a pathological
 * file, not a corrupt one.
 */
export async function makeSlowPdf(options: { text: string; pages?: number }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const operators = Buffer.from("q 1 0 0 1 0 0 cm Q\n".repeat((16 * 1024 * 1024) / 19));
  const compressed = deflateSync(operators, { level: 9 });
  const shared = doc.context.register(doc.context.stream(compressed, { Filter: "FlateDecode", Length: compressed.byteLength }));
  for (let i = 0; i < (options.pages ?? 200); i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(options.text, { x: 50, y: 780, size: 12, font });
    page.node.addContentStream(shared);
  }
  return doc.save();
}
