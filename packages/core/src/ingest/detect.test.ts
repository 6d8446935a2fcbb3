import { describe, expect, it } from "vitest";
import { PNG_BYTES, makeDocx, makePdf, makeZip, noise, utf8 } from "./__fixtures__/builders";
import { detectType } from "./detect";
import { IngestError, type IngestErrorCode } from "./types";

async function detectError(name: string, bytes: Uint8Array): Promise<IngestError> {
  const error = await detectType(name, bytes).then(
    (d) => {
      throw new Error(`expected an error, detected ${d.kind}`);
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

async function expectCode(name: string, bytes: Uint8Array, code: IngestErrorCode, message?: RegExp) {
  const error = await detectError(name, bytes);
  expect(error.code).toBe(code);
  expect(error.file).toBe(name);
  if (message) expect(error.message).toMatch(message);
}

describe("detectType", () => {
  it("detects each supported type from extension and content", async () => {
    expect(await detectType("a.md", utf8("# Hi"))).toEqual({ kind: "markdown", mimeType: "text/markdown", text: "# Hi" });
    expect(await detectType("a.markdown", utf8("x"))).toMatchObject({ kind: "markdown" });
    expect(await detectType("a.HTM", utf8("<p>x</p>"))).toMatchObject({ kind: "html", text: "<p>x</p>" });
    expect(await detectType("a.txt", utf8("x"))).toMatchObject({ kind: "text", mimeType: "text/plain" });
    expect(await detectType("a.jsonl", utf8("{}"))).toMatchObject({ kind: "jsonl" });
    expect(await detectType("a.pdf", await makePdf({ pages: [["x"]] }))).toEqual({ kind: "pdf", mimeType: "application/pdf" });
    expect(await detectType("a.docx", await makeDocx())).toMatchObject({ kind: "docx" });
    expect(await detectType("export.zip", await makeZip([{ name: "a.md", data: "x" }]))).toEqual({ kind: "zip", mimeType: "application/zip" });
  });

  it("tells a Word document from a zip by word/document.xml, whatever the extension says", async () => {
    expect((await detectType("report.zip", await makeDocx())).kind).toBe("docx");
    await expectCode("export.docx", await makeZip([{ name: "page.html", data: "<p>x</p>" }]), "MISLABELLED", /not a Word document/);
  });

  it("sniffs files without an extension", async () => {
    expect((await detectType("README", utf8("Plain words."))).kind).toBe("text");
    expect((await detectType("page-1234", utf8("<!-- export -->\n<!DOCTYPE html><html><body>x</body></html>"))).kind).toBe("html");
    expect((await detectType("download", await makePdf({ pages: [["x"]] }))).kind).toBe("pdf");
    await expectCode("photo", PNG_BYTES, "UNSUPPORTED_TYPE", /PNG image/);
  });

  it("rejects binary content named like text as MISLABELLED", async () => {
    await expectCode("notes.md", PNG_BYTES, "MISLABELLED", /named like Markdown but its content is a PNG image/);
    await expectCode("notes.md", await makePdf({ pages: [["x"]] }), "MISLABELLED", /PDF document/);
    await expectCode("notes.txt", noise(2048), "MISLABELLED", /binary data/);
    await expectCode("report.pdf", await makeDocx(), "MISLABELLED", /ZIP archive/);
  });

  it("does not mistake a text that mentions a PDF header for a PDF", async () => {
    expect((await detectType("formats.md", utf8("Every PDF starts with %PDF-1.7 in its header."))).kind).toBe("markdown");
  });

  it("reports unknown bytes under a binary extension as CORRUPT", async () => {
    await expectCode("broken.docx", noise(4096), "CORRUPT", /damaged/);
    await expectCode("broken.pdf", noise(4096), "CORRUPT", /damaged/);
  });

  it("explains unsupported types and what to do", async () => {
    await expectCode("budget.xlsx", utf8("x"), "UNSUPPORTED_TYPE", /Spreadsheets are not indexed/);
    await expectCode("old.doc", utf8("x"), "UNSUPPORTED_TYPE", /save it as \.docx/);
  });

  it("recognises password-protected and legacy Word files under .docx", async () => {
    const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const encrypted = Buffer.concat([Buffer.from(ole2), Buffer.alloc(64), Buffer.from("EncryptedPackage", "utf16le")]);
    await expectCode("secret.docx", new Uint8Array(encrypted), "ENCRYPTED", /password-protected/);
    await expectCode("old.docx", new Uint8Array(Buffer.concat([Buffer.from(ole2), Buffer.alloc(64)])), "MISLABELLED", /old-format Word/);
  });

  it("refuses invalid UTF-8 instead of indexing mojibake", async () => {
    await expectCode("latin1.txt", new Uint8Array(Buffer.from("Café crème", "latin1")), "CORRUPT", /not valid UTF-8/);
  });

  it("reports zero bytes as EMPTY", async () => {
    await expectCode("nothing.md", new Uint8Array(), "EMPTY");
  });
});
