import { describe, expect, it } from "vitest";
import { detectLanguage, languageName, refusalText } from "./language";

describe("detectLanguage", () => {
  it.each([
    ["Chính sách nghỉ phép là gì?", "vi"],
    ["Làm sao để reset password VPN?", "vi"],
    ["Còn HR?", "vi"],
    ["VPN setup cho nhân viên mới", "vi"],
    ["How many vacation days do I get?", "en"],
    ["Who approves expenses for Nguyễn Văn An?", "en"],
    ["nghi phep bao nhieu ngay", "en"], // without diacritics there is nothing simple to tell it by
    ["", "en"],
  ])("%j → %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});

describe("languageName", () => {
  it("names the language for the system prompt", () => {
    expect(languageName("vi")).toBe("Vietnamese (tiếng Việt)");
    expect(languageName("vi-VN")).toBe("Vietnamese (tiếng Việt)");
    expect(languageName("en")).toBe("English");
    expect(languageName("fr")).toBe("French");
    expect(languageName("Klingon!")).toBe("Klingon!");
  });
});

describe("refusalText", () => {
  const suggestions = [
    { title: "Leave policy [2024]", url: "https://intranet.example.com/leave (new)" },
    { title: "HR handbook", url: "/documents/hr" },
    { title: "Old notes", url: "javascript:alert(1)" },
  ];

  it("says the knowledge base has no answer, in English, with the nearest documents", () => {
    expect(refusalText("en", { suggestions })).toBe(
      [
        "I couldn't find an answer to this in the knowledge base.",
        "",
        "These documents came closest and may still help:",
        "",
        "- [Leave policy \\[2024\\]](https://intranet.example.com/leave%20%28new%29)",
        "- [HR handbook](/documents/hr)",
        "- Old notes",
      ].join("\n"),
    );
    expect(refusalText("en", { suggestions: [] })).toMatch(/^I couldn't find an answer .* Try asking in other words/);
  });

  it("says it in Vietnamese for a Vietnamese question", () => {
    const text = refusalText("vi", { suggestions: [{ title: "Quy định nghỉ phép" }] });
    expect(text).toBe(
      "Tôi không tìm thấy câu trả lời cho câu hỏi này trong kho tài liệu.\n\nNhững tài liệu sau gần với câu hỏi nhất và có thể giúp ích cho bạn:\n\n- Quy định nghỉ phép",
    );
    expect(refusalText("vi-VN", { suggestions: [] })).toMatch(/^Tôi không tìm thấy .* Bạn có thể thử hỏi theo cách khác/);
    expect(refusalText("ja", { suggestions: [] })).toMatch(/^I couldn't find/);
  });
});
