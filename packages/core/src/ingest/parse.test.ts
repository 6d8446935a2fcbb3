import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Document, ExternalHyperlink, Packer, Paragraph, TextRun } from "docx";
import { lieAboutSize, makeDocx, makeEncryptedPdf, makePdf, makeZip, noise, renameEntry, utf8 } from "../testing/file-builders";
import { activeConstructs } from "./__fixtures__/active-constructs";
import { CONTROL_CHARACTER, normaliseText } from "./normalize";
import { neutraliseMarkdown } from "./parse/neutralise";
import { splitSections } from "./chunk";
import { contentHash, parseFile } from "./parse-file";
import { IngestError, type IngestErrorCode, type ParsedDocument } from "./types";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "__fixtures__");
const fixture = async (name: string) => new Uint8Array(await readFile(path.join(fixtures, name)));

async function parseOne(name: string, bytes: Uint8Array, externalId?: string): Promise<ParsedDocument> {
  const result = await parseFile({ name, bytes, ...(externalId ? { externalId } : {}) });
  expect(result.errors).toEqual([]);
  expect(result.documents).toHaveLength(1);
  return result.documents[0] as ParsedDocument;
}

async function expectIngestError(promise: Promise<unknown>, code: IngestErrorCode, file: string, message?: RegExp): Promise<IngestError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but parsing succeeded`);
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(IngestError);
  const ingestError = error as IngestError;
  expect(ingestError.code).toBe(code);
  expect(ingestError.file).toBe(file);
  expect(ingestError.message).toContain(file);
  if (message) expect(ingestError.message).toMatch(message);
  return ingestError;
}

describe("Markdown", () => {
  it("keeps the source, reads front matter, and derives the external id from the path", async () => {
    const doc = await parseOne("hr/leave-policy.md", await fixture("leave-policy.md"));
    expect(doc.externalId).toBe("hr/leave-policy");
    expect(doc.title).toBe("Leave policy (handbook)");
    expect(doc.language).toBe("en");
    expect(doc.mimeType).toBe("text/markdown");
    expect(doc.text.startsWith("# Leave policy\n\nHow leave works at Acme.")).toBe(true);
    expect(doc.text).toContain("## Parental leave");
    expect(doc.text).not.toContain("tags:");
  });

  it("takes the title from the first # heading, else the file name", async () => {
    expect((await parseOne("a.md", utf8("Intro.\n\n# Real title\n\nBody"))).title).toBe("Real title");
    expect((await parseOne("Onboarding_checklist.md", utf8("## Only a subheading\n\nBody"))).title).toBe("Onboarding checklist");
  });

  it("drops inline base64 images but keeps their alt text", async () => {
    const base64 = Buffer.from(new Uint8Array(3000).fill(7)).toString("base64");
    const doc = await parseOne(
      "note.md",
      utf8(`# Note\n\nSee ![the org chart](data:image/png;base64,${base64}) and <img src="data:image/gif;base64,${base64}">.`),
    );
    expect(doc.text).toBe("# Note\n\nSee the org chart and .");
    const more = await parseOne(
      "more.md",
      utf8(
        `# More\n\n![a](<data:image/png;base64,${base64}>) <IMG alt="b" SRC='data:image/png;base64,${base64}'> ![logo](https://example.com/logo.png) <img src="https://example.com/x.png">`,
      ),
    );
    // Raw HTML goes too, even a harmless <img>: stored Markdown carries none (parse/neutralise.test.ts).
    expect(more.text).toBe("# More\n\na  ![logo](https://example.com/logo.png)");
  });

  it("cleans pathological text in one pass (no pattern reads the same characters again and again)", () => {
    // Each took hours with patterns that, from every start, read on to the next closing bracket or line end.
    // (The Markdown parser is linear on them, if slow: ~10–25 µs per "![" or "<img ", so they are kept short here.)
    for (const text of ["![".repeat(20_000), "<img ".repeat(20_000).trim(), `<img ${"src=data:".repeat(20_000)}`]) {
      expect(neutraliseMarkdown(text)).toBe(text);
    }
    expect(normaliseText(`a${" \t".repeat(2_000_000)}b   \nc`)).toBe(`a${" \t".repeat(2_000_000)}b\nc`);
  });

  it("normalises Unicode to NFC and line ends to \\n", async () => {
    const nfd = "# Nghỉ phép\r\n\r\n\r\n\r\nNhân viên được nghỉ 12 ngày.\r\n".normalize("NFD");
    const doc = await parseOne("vi.md", utf8(nfd));
    expect(doc.text).toBe("# Nghỉ phép\n\nNhân viên được nghỉ 12 ngày.");
    expect(doc.text).toBe(doc.text.normalize("NFC"));
    expect(doc.title).toBe("Nghỉ phép");
  });
});

describe("HTML", () => {
  it("keeps headings, lists, tables and link text, and drops navigation, scripts, styles and chrome", async () => {
    const doc = await parseOne("wiki/hr/leave-policy.html", await fixture("wiki-page.html"), "hr/leave-policy");
    expect(doc.title).toBe("Leave policy");
    expect(doc.language).toBe("en");
    expect(doc.mimeType).toBe("text/html");
    expect(doc.externalId).toBe("hr/leave-policy");

    const text = doc.text;
    // Structure survives.
    expect(text).toMatch(/^# Leave policy$/m);
    expect(text).toMatch(/^## Annual leave$/m);
    expect(text).toMatch(/^### Keeping in touch days$/m);
    expect(text).toContain("Everyone gets **25 days**");
    expect(text).toMatch(/^- Up to five unused days carry over/m);
    expect(text).toMatch(/^\| Leave type\s+\| Paid weeks\s+\|$/m);
    expect(text).toContain("6 (can be split)");
    // External links keep their target; wiki-internal links become their text.
    expect(text).toContain("[HR portal](https://hr.acme.example/leave)");
    expect(text).toContain("[the People team](mailto:people@acme.example)");
    expect(text).toContain("ten keeping in touch days during");
    expect(text).not.toContain("/wiki/KIT_days");
    // Chrome is gone.
    for (const chrome of [
      "analytics",
      "font-family",
      "Skip to content",
      "People directory",
      "Search the wiki",
      "Policies",
      "In this space",
      "Onboarding checklist",
      "Last edited by",
      "Enable JavaScript",
      "Hidden tracking text",
      "[edit]",
      "Cookie settings",
    ]) {
      expect(text).not.toContain(chrome);
    }
  });

  it("falls back to the first h1, then to the file name, for the title", async () => {
    expect((await parseOne("x.html", utf8("<html><body><h1>Release process</h1><p>Tag, then deploy.</p></body></html>"))).title).toBe(
      "Release process",
    );
    expect((await parseOne("release_notes.htm", utf8("<p>Version 2 ships on Monday.</p>"))).title).toBe("release notes");
  });

  it("reports a page with nothing but chrome as EMPTY", async () => {
    await expectIngestError(
      parseFile({ name: "menu.html", bytes: utf8("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>") }),
      "EMPTY",
      "menu.html",
    );
  });

  it("decodes a page in the legacy charset it declares", async () => {
    const latin1 = Buffer.from(
      '<html><head><meta charset="windows-1252"><title>Café menu</title></head><body><p>Crème brûlée</p></body></html>',
      "latin1",
    );
    const doc = await parseOne("menu.html", new Uint8Array(latin1));
    expect(doc.title).toBe("Café menu");
    expect(doc.text).toBe("Crème brûlée");
  });
});

describe("plain text", () => {
  it("keeps the text and titles it after the file name", async () => {
    const doc = await parseOne("facilities/opening-hours.txt", await fixture("opening-hours.txt"));
    expect(doc).toEqual({
      externalId: "facilities/opening-hours",
      title: "opening-hours",
      mimeType: "text/plain",
      text: "Office opening hours\n\nThe London office is open 08:00 to 19:00 on weekdays.\nThe Hanoi office is open 08:30 to 18:00.",
    });
  });

  it("reads UTF-16 files saved by Windows", async () => {
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Giờ mở cửa: 8:30", "utf16le")]);
    expect((await parseOne("gio.txt", new Uint8Array(bom))).text).toBe("Giờ mở cửa: 8:30");
  });
});

describe("PDF", () => {
  it("extracts the text of every page and the title from the metadata", async () => {
    const bytes = await makePdf({
      title: "Travel policy",
      pages: [["Travel policy", "Book economy class for flights under six hours."], ["Hotels must be booked through the travel desk."]],
    });
    const doc = await parseOne("policies/travel.pdf", bytes);
    expect(doc.externalId).toBe("policies/travel");
    expect(doc.title).toBe("Travel policy");
    expect(doc.mimeType).toBe("application/pdf");
    expect(doc.text).toBe(
      "Travel policy\nBook economy class for flights under six hours.\n\nHotels must be booked through the travel desk.",
    );
    // The caller's buffer is not detached by pdf.js.
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it("ignores meaningless metadata titles", async () => {
    const bytes = await makePdf({ title: "Microsoft Word - draft3.docx", pages: [["Quarterly goals"]] });
    expect((await parseOne("q3-goals.pdf", bytes)).title).toBe("q3-goals");
  });

  it("reports a PDF without text as EMPTY with a hint about OCR", async () => {
    await expectIngestError(parseFile({ name: "scan.pdf", bytes: await makePdf({ pages: [[]] }) }), "EMPTY", "scan.pdf", /OCR/);
  });

  it("reports a truncated PDF as CORRUPT", async () => {
    const bytes = await makePdf({ pages: [["Some text"]] });
    await expectIngestError(
      parseFile({ name: "cut.pdf", bytes: bytes.slice(0, Math.floor(bytes.length / 2)) }),
      "CORRUPT",
      "cut.pdf",
      /damaged/,
    );
  });

  it("reports a password-protected PDF as ENCRYPTED", async () => {
    await expectIngestError(parseFile({ name: "salaries.pdf", bytes: await makeEncryptedPdf() }), "ENCRYPTED", "salaries.pdf", /password/);
  });
});

describe("DOCX", () => {
  it("keeps Word headings, lists and tables through the HTML path", async () => {
    const doc = await parseOne("finance/expenses.docx", await makeDocx());
    expect(doc.externalId).toBe("finance/expenses");
    expect(doc.title).toBe("Expense policy");
    expect(doc.mimeType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(doc.text).toBe(
      [
        "# Expense policy",
        "# Travel",
        "Book trains when the journey takes **under four hours**.",
        "## Meals",
        "- Keep every receipt.\n- Alcohol is not reimbursed.",
        "| City   | Daily limit |\n| ------ | ----------- |\n| London | £60         |\n| Hà Nội | 1.500.000 ₫ |",
      ].join("\n\n"),
    );
  });

  it("reports random bytes named .docx as CORRUPT", async () => {
    await expectIngestError(parseFile({ name: "broken.docx", bytes: noise(4096) }), "CORRUPT", "broken.docx");
  });

  it("reports a zip with a damaged word/document.xml as CORRUPT", async () => {
    const zip = await makeZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: "<w:document><w:body><w:p>" },
    ]);
    await expectIngestError(parseFile({ name: "half.docx", bytes: zip }), "CORRUPT", "half.docx");
  });

  describe("a Word document that unpacks to far more than it weighs (a decompression bomb) is refused before mammoth unpacks it", () => {
    const paragraphs = (bytes: number) =>
      `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${"<w:p><w:r><w:t>Leave policy</w:t></w:r></w:p>".repeat(Math.ceil(bytes / 44))}</w:body></w:document>`;
    const docx = (parts: { name: string; data: string }[]) => makeZip([{ name: "[Content_Types].xml", data: "<Types/>" }, ...parts]);

    it("a part above the per-file limit (default 25 MB)", async () => {
      const bytes = await docx([{ name: "word/document.xml", data: paragraphs(30 * 1024 * 1024) }]);
      expect(bytes.byteLength).toBeLessThan(1024 * 1024); // it weighs well under the limit
      await expectIngestError(
        parseFile({ name: "bomb.docx", bytes }),
        "TOO_LARGE",
        "bomb.docx",
        /part that unpacks to more than 25 MB, the limit per file/,
      );
    });

    it("parts that together pass the per-archive limit, from their headers or their real output", async () => {
      const limits = { maxFileBytes: 1024 * 1024, maxZipTotalBytes: 1024 * 1024 };
      const parts = [
        { name: "word/document.xml", data: paragraphs(600 * 1024) },
        { name: "word/footnotes.xml", data: paragraphs(600 * 1024) },
      ];
      const honest = await docx(parts);
      await expectIngestError(
        parseFile({ name: "big.docx", bytes: honest }, limits),
        "TOO_LARGE",
        "big.docx",
        /unpacks to 1\.2 MB, above the 1 MB limit per archive/,
      );
      // Headers that claim 100 bytes: yauzl stops the part as soon as it inflates past what its header says.
      const lying = lieAboutSize(lieAboutSize(honest, "word/document.xml", 100), "word/footnotes.xml", 100);
      await expectIngestError(parseFile({ name: "liar.docx", bytes: lying }, limits), "CORRUPT", "liar.docx", /damaged Word document/);
    });

    it("a part whose name looks like a folder's (word/x\\, read by yauzl as word/x/) is counted too", async () => {
      const bomb = await docx([
        { name: "word/document.xml", data: paragraphs(1000) },
        { name: "word/xx", data: "\0".repeat(30 * 1024 * 1024) },
      ]);
      const bytes = renameEntry(bomb, "word/xx", "word/x\\");
      expect(bytes.byteLength).toBeLessThan(1024 * 1024);
      await expectIngestError(
        parseFile({ name: "folder.docx", bytes }),
        "TOO_LARGE",
        "folder.docx",
        /part that unpacks to more than 25 MB/,
      );
    });

    it("more parts than the per-archive entry limit", async () => {
      const bytes = await docx([
        { name: "word/document.xml", data: paragraphs(1000) },
        ...Array.from({ length: 5 }, (_, i) => ({ name: `word/media/${i}.xml`, data: "<x/>" })),
      ]);
      await expectIngestError(parseFile({ name: "many.docx", bytes }, { maxZipEntries: 4 }), "TOO_LARGE", "many.docx", /more than 4 parts/);
      // Within the limits, the same document is read as usual.
      expect((await parseFile({ name: "many.docx", bytes })).documents[0]?.text).toContain("Leave policy");
    });
  });
});

describe("JSONL", () => {
  it("lists the first 100 bad lines and counts the rest in one last error", async () => {
    const lines = [
      JSON.stringify({ id: "a", text: "Alpha." }),
      ...Array.from({ length: 250 }, () => "x"),
      JSON.stringify({ id: "b", text: "Beta." }),
    ];
    const { documents, errors } = await parseFile({ name: "kb.jsonl", bytes: utf8(lines.join("\n")) });
    expect(documents.map((d) => d.externalId)).toEqual(["a", "b"]);
    expect(errors).toHaveLength(101);
    expect(errors[99]?.message).toMatch(/^"kb\.jsonl" line 101: is not valid JSON/);
    expect(errors[100]).toMatchObject({
      code: "INVALID_RECORD",
      message: '"kb.jsonl": 150 more bad lines were skipped, not listed here (the first 100 are). Is it a JSONL export?',
    });
  });

  it("cuts a title or heading longer than 300 characters at a word, with an ellipsis", async () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(" ");
    const [record] = (await parseFile({ name: "kb.jsonl", bytes: utf8(JSON.stringify({ id: "t", title: words, text: "Body." })) }))
      .documents;
    expect(record!.title.length).toBeLessThanOrEqual(300);
    expect(record!.title).toMatch(/^w0 w1 .* w\d+…$/);
    const page = await parseOne("long.md", utf8(`# ${words}\n\n## ${"😀".repeat(400)}\n\nBody.`));
    expect(page.title).toBe(record!.title);
    const [section] = splitSections(page.text).filter((x) => x.body === "Body.");
    expect(section!.headingPath[0]).toBe(record!.title);
    // Cut between characters, never inside one (an emoji is two UTF-16 units: a lone half is invalid text).
    expect(section!.headingPath[1]).toBe(`${"😀".repeat(149)}…`);
  });

  it("returns the good records and one INVALID_RECORD per bad line, naming the line", async () => {
    const { documents, errors } = await parseFile({ name: "exports/kb.jsonl", bytes: await fixture("records.jsonl") });

    expect(documents.map((d) => d.externalId)).toEqual(["kb-001", "kb-002", "kb-003", "42"]);
    const [vpn, printer, untitled, numeric] = documents;
    expect(vpn).toMatchObject({ title: "VPN setup", url: "https://wiki.acme.example/kb-001", mimeType: "text/markdown" });
    expect(vpn?.text).toBe("# VPN setup\n\nInstall the client from the self-service portal, then sign in with SSO.");
    expect(printer).toMatchObject({
      title: "Printer on floor 3",
      mimeType: "text/html",
      text: "# Printer on floor 3\n\nThe printer needs your badge.",
    });
    expect(untitled?.title).toBe("kb-003");
    expect(numeric).toMatchObject({ title: "Numeric id", language: "vi" });

    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ["INVALID_RECORD", 3],
      ["INVALID_RECORD", 5],
      ["INVALID_RECORD", 6],
      ["INVALID_RECORD", 7],
      ["DUPLICATE_ID", 9],
    ]);
    const messages = errors.map((e) => e.message);
    expect(messages[0]).toMatch(/line 3: is not valid JSON/);
    expect(messages[1]).toMatch(/line 5: needs an "id"/);
    expect(messages[2]).toMatch(/line 6 \(id "kb-004"\): needs exactly one of "text" or "html"/);
    expect(messages[3]).toMatch(/line 7 \(id "kb-005"\): "url" must be an http\(s\) URL/);
    expect(messages[4]).toMatch(/line 9: id "kb-001" was already used on line 1/);
    for (const error of errors) expect(error.file).toBe("exports/kb.jsonl");
  });

  it("refuses ids that cannot be stored or seen (control characters, NUL above all) and ids that are too long", async () => {
    const lines = [
      { id: "kb-\u0000-1", text: "NUL in the id." },
      { id: "kb-\u0007-2", text: "A bell in the id." },
      { id: "x".repeat(401), text: "Too long an id." },
      { id: "y".repeat(400), text: "Long, but allowed." },
      { id: "kb-ok", text: "Fine." },
    ];
    const { documents, errors } = await parseFile({ name: "ids.jsonl", bytes: utf8(lines.map((l) => JSON.stringify(l)).join("\n")) });
    expect(documents.map((d) => d.externalId)).toEqual(["y".repeat(400), "kb-ok"]);
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ["INVALID_RECORD", 1],
      ["INVALID_RECORD", 2],
      ["INVALID_RECORD", 3],
    ]);
    expect(errors[0]?.message).toMatch(/"id" contains control characters/);
    expect(errors[2]?.message).toMatch(/\(id "x{80}…"\): "id" is 401 characters long; at most 400 are allowed/);
    // Stored as the job's errors (jsonb, which cannot hold NUL): the characters are shown as escapes.
    for (const json of errors.map((e) => e.toJSON())) {
      for (const value of [json.file, json.message, json.externalId ?? ""]) expect(value).not.toMatch(CONTROL_CHARACTER);
    }
    expect(errors[0]?.toJSON().message).toContain("kb-\\u0000-1");
  });

  it("reports a file of blank lines as EMPTY", async () => {
    await expectIngestError(parseFile({ name: "none.jsonl", bytes: utf8("\n\n  \n") }), "EMPTY", "none.jsonl");
  });
});

describe("stored text is inert (finding 11: no raw HTML, no unsafe links, whatever the format)", () => {
  const hostile = "<img src=x onerror=alert(1)> [Pay](javascript:alert(1)) <javascript:alert(2)> [ref][r] ![i](data:text/html,x)";
  const definition = "\n\n[r]: vbscript:msgbox(1)";

  async function wordFileWithLink(url: string): Promise<Uint8Array> {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({
              children: [new TextRun("Claims go through "), new ExternalHyperlink({ link: url, children: [new TextRun("the form")] })],
            }),
          ],
        },
      ],
    });
    return new Uint8Array(await Packer.toBuffer(doc));
  }

  it("holds for Markdown, text, HTML, JSONL, PDF and Word files", async () => {
    const files = [
      {
        name: "page.md",
        bytes: utf8(`# Claims\n\n${hostile}\n\n<div onclick="x()">\n<script>alert(3)</script>Kept text\n</div>${definition}`),
      },
      { name: "notes.txt", bytes: utf8(`Claims: ${hostile}${definition}`) },
      {
        name: "page.html",
        bytes: utf8('<h1>Claims</h1><p><a href="javascript:alert(1)">Pay</a> <img src=x onerror=alert(1)> &lt;script&gt;</p>'),
      },
      {
        name: "kb.jsonl",
        bytes: utf8(
          [
            JSON.stringify({ id: "md", text: `${hostile}${definition}` }),
            JSON.stringify({ id: "html", html: '<a href="vbscript:x">Pay</a> <b>now</b>' }),
          ].join("\n"),
        ),
      },
      { name: "scan.pdf", bytes: await makePdf({ pages: [["Claims <img src=x onerror=alert(1)> [Pay](javascript:alert(1))"]] }) },
      { name: "claims.docx", bytes: await wordFileWithLink("javascript:alert(1)") },
    ];
    const texts: string[] = [];
    for (const file of files) {
      const { documents } = await parseFile(file);
      expect(documents.length, file.name).toBeGreaterThan(0);
      for (const doc of documents) {
        expect(activeConstructs(doc.text), `${file.name}: ${doc.text}`).toEqual([]);
        texts.push(doc.text);
      }
    }
    // The readable words stay: link texts, the text of an HTML block, and in plain text and PDFs the tags as written.
    expect(texts[0]).toBe("# Claims\n\n Pay javascript:alert(2) ref i\n\nKept text");
    expect(texts[1]).toBe("Claims: &lt;img src=x onerror=alert(1)> Pay javascript:alert(2) ref i");
    expect(texts[5]).toBe("Claims &lt;img src=x onerror=alert(1)> Pay");
    expect(texts[6]).toBe("Claims go through the form");
  });
});

describe("limits and bad input", () => {
  it("refuses files above the size limit before parsing them", async () => {
    const error = await expectIngestError(
      parseFile({ name: "big.md", bytes: utf8("x".repeat(2048)) }, { maxFileBytes: 1024 }),
      "TOO_LARGE",
      "big.md",
    );
    expect(error.message).toContain("2 KB");
    expect(error.message).toContain("1 KB limit");
  });

  it("reports a document with headings but no text as EMPTY", async () => {
    await expectIngestError(
      parseFile({ name: "stub.md", bytes: utf8("# Onboarding\n\n## To do") }),
      "EMPTY",
      "stub.md",
      /headings but no text/,
    );
    const { documents, errors } = await parseFile({
      name: "kb.jsonl",
      bytes: utf8('{"id":"a","text":"# Stub"}\n{"id":"b","text":"Real text."}'),
    });
    expect(documents.map((d) => d.externalId)).toEqual(["b"]);
    expect(errors.map((e) => [e.code, e.externalId])).toEqual([["EMPTY", "a"]]);
  });

  it("reports whitespace-only files as EMPTY", async () => {
    await expectIngestError(parseFile({ name: "blank.md", bytes: utf8(" \n\t\n") }), "EMPTY", "blank.md");
    await expectIngestError(parseFile({ name: "zero.txt", bytes: new Uint8Array() }), "EMPTY", "zero.txt");
  });

  it("serialises errors for the job's error list without stack traces", async () => {
    const error = await expectIngestError(parseFile({ name: "sheet.xlsx", bytes: utf8("x") }), "UNSUPPORTED_TYPE", "sheet.xlsx");
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: "UNSUPPORTED_TYPE", file: "sheet.xlsx", message: error.message });
  });
});

describe("contentHash", () => {
  it("is equal for the same content whatever the line ends or Unicode form, and changes with title or text", async () => {
    const a = await parseOne("a.md", utf8("# Nghỉ phép\n\nMười hai ngày.\n"));
    const b = await parseOne("b.md", utf8("# Nghỉ phép\r\n\r\nMười hai ngày.\r\n".normalize("NFD")));
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ ...a, title: "Other" })).not.toBe(contentHash(a));
    expect(contentHash({ ...a, text: `${a.text}!` })).not.toBe(contentHash(a));
    // Title and text cannot bleed into each other.
    expect(contentHash({ title: "ab", text: "c" })).not.toBe(contentHash({ title: "a", text: "bc" }));
  });
});
