import { describe, expect, it } from "vitest";
import { AUDIT_CSV_HEADER, auditCsvRow, csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("leaves plain text alone and writes nothing for a missing value", () => {
    expect(csvCell("user.created")).toBe("user.created");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes commas, quotes and line breaks, doubling the quotes (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r\nlf")).toBe('"cr\r\nlf"');
  });

  it("makes cells that a spreadsheet would run as a formula inert", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}SUM(A1)`)).toBe(csvCell(`'${start}SUM(A1)`));
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell("a=b")).toBe("a=b");
  });
});

describe("audit CSV", () => {
  it("has a header and one CRLF-ended record per entry, details as JSON", () => {
    expect(AUDIT_CSV_HEADER).toBe("id,at,action,actor_id,actor_email,target_type,target_id,ip,data\r\n");
    const row = auditCsvRow({
      id: 7n,
      at: new Date("2026-12-06T01:02:03.004Z"),
      action: "user.role_changed",
      actorId: "u1",
      actorEmail: "admin@example.com",
      targetType: "user",
      targetId: "u2",
      ip: null,
      data: { from: "employee", to: "admin" },
    });
    expect(row).toBe(
      '7,2026-12-06T01:02:03.004Z,user.role_changed,u1,admin@example.com,user,u2,,"{""from"":""employee"",""to"":""admin""}"\r\n',
    );
    expect(csvRow(["a", "b"])).toBe("a,b\r\n");
  });
});
