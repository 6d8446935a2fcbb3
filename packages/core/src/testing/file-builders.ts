/**
 * Test fixtures generated on the fly: PDFs with pdf-lib, Word files with docx, archives with yazl.
 * Nothing here is used by production code.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { PDFDocument, PDFHexString, StandardFonts } from "pdf-lib";
import { ZipFile } from "yazl";

const FIXED_DATE = new Date("2024-01-02T03:04:05Z");

export async function makePdf(options: { title?: string; pages: string[][] }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (options.title !== undefined) doc.setTitle(options.title);
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of options.pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
  }
  return doc.save();
}

/**
 * A PDF protected with a user password, built by hand because pdf-lib cannot encrypt: a normal pdf-lib
 * document whose trailer gets a Standard security handler dictionary (RC4, revision 2). Its /U entry is
 * not the one the empty password produces, so a reader must ask for a password, exactly as with a real
 * protected file; pdf.js answers with a PasswordException (NEED_PASSWORD) before reading any content.
 */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText("Salary bands for 2025", { x: 50, y: 700, size: 12, font });
  const ctx = doc.context;
  const encrypt = ctx.obj({
    Filter: "Standard",
    V: 1,
    R: 2,
    Length: 40,
    P: -3904,
    O: PDFHexString.of("4a".repeat(32)),
    U: PDFHexString.of("7c".repeat(32)),
  });
  ctx.trailerInfo.Encrypt = ctx.register(encrypt);
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of("0123456789abcdef0123456789abcdef"), PDFHexString.of("0123456789abcdef0123456789abcdef")]);
  return doc.save({ useObjectStreams: false });
}

export async function makeDocx(): Promise<Uint8Array> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    creator: "Lore tests",
    sections: [
      {
        children: [
          new Paragraph({ text: "Expense policy", heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "Travel", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun("Book trains when the journey takes "),
              new TextRun({ text: "under four hours", bold: true }),
              new TextRun("."),
            ],
          }),
          new Paragraph({ text: "Meals", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "Keep every receipt.", bullet: { level: 0 } }),
          new Paragraph({ text: "Alcohol is not reimbursed.", bullet: { level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [cell("City"), cell("Daily limit")] }),
              new TableRow({ children: [cell("London"), cell("£60")] }),
              new TableRow({ children: [cell("Hà Nội"), cell("1.500.000 ₫")] }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export interface ZipFixtureEntry {
  name: string;
  data?: string | Uint8Array;
  directory?: boolean;
  compress?: boolean;
}

export function makeZip(entries: readonly ZipFixtureEntry[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of entries) {
    if (entry.directory) zip.addEmptyDirectory(entry.name, { mtime: FIXED_DATE });
    else {
      const data = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : Buffer.from(entry.data ?? new Uint8Array());
      zip.addBuffer(data, entry.name, { mtime: FIXED_DATE, compress: entry.compress ?? true });
    }
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => parts.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(parts)));
    zip.outputStream.on("error", reject);
  });
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;

/** Visits the local and central headers of the entry called `name` (yazl writes no data descriptors for buffers). */
function forEachHeader(zip: Buffer, name: string, visit: (offset: number, central: boolean) => void): void {
  let found = 0;
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = zip.readUInt32LE(i);
    if (sig !== LOCAL_HEADER && sig !== CENTRAL_HEADER) continue;
    const central = sig === CENTRAL_HEADER;
    const nameLength = zip.readUInt16LE(i + (central ? 28 : 26));
    const nameStart = i + (central ? 46 : 30);
    if (zip.toString("utf8", nameStart, nameStart + nameLength) === name) {
      visit(i, central);
      found++;
    }
  }
  if (found !== 2) throw new Error(`expected a local and a central header for ${name}, found ${found}`);
}

/** Makes the headers of `name` lie about its inflated size. */
export function lieAboutSize(zip: Buffer, name: string, declaredSize: number): Buffer {
  const out = Buffer.from(zip);
  forEachHeader(out, name, (offset, central) => out.writeUInt32LE(declaredSize, offset + (central ? 24 : 22)));
  return out;
}

/** Marks `name` as encrypted (general purpose flag bit 0), as a password-protected archive would. */
export function markEncrypted(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  forEachHeader(out, name, (offset, central) => {
    const at = offset + (central ? 8 : 6);
    out.writeUInt16LE(out.readUInt16LE(at) | 1, at);
  });
  return out;
}

/**
 * Renames an entry in place (same byte length). yazl refuses to write `../` names, as it should; an
 * attacker's tool does not, so the test archive is patched after the fact.
 */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error("names must have the same length");
  const out = Buffer.from(zip);
  const needle = Buffer.from(from, "utf8");
  const replacement = Buffer.from(to, "utf8");
  let at = out.indexOf(needle);
  let count = 0;
  while (at !== -1) {
    replacement.copy(out, at);
    count++;
    at = out.indexOf(needle, at + needle.length);
  }
  if (count === 0) throw new Error(`${from} not found`);
  return out;
}

export const PNG_BYTES = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01,
  0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);

/** Deterministic pseudo-random bytes (xorshift), for "corrupt" files that are the same on every run. */
export function noise(length: number, seed = 42): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
