import { describe, expect, it } from "vitest";

import { addDraftTags, tagKeyAction } from "./tag-input";

const noSpaces = (tag: string) => (/\s/.test(tag) ? `"${tag}" has a space` : null);

describe("addDraftTags", () => {
  it("adds the trimmed draft as a tag when finished", () => {
    expect(addDraftTags(["a"], "  b ")).toEqual({ tags: ["a", "b"], draft: "", error: null });
  });

  it("adds every comma-separated part, skipping empty ones and duplicates", () => {
    expect(addDraftTags(["a"], "b, ,a,c,b")).toEqual({ tags: ["a", "b", "c"], draft: "", error: null });
    expect(addDraftTags([], " , ")).toEqual({ tags: [], draft: "", error: null });
  });

  it("keeps the part after the last comma in the box while the person is still typing", () => {
    expect(addDraftTags([], "a, b, c", undefined, false)).toEqual({ tags: ["a", "b"], draft: "c", error: null });
    expect(addDraftTags([], "a,", undefined, false)).toEqual({ tags: ["a"], draft: "", error: null });
  });

  it("stops at the first rejected tag, keeping it and what followed in the box with the message", () => {
    expect(addDraftTags(["x"], "a, b c, d", noSpaces)).toEqual({ tags: ["x", "a"], draft: "b c, d", error: '"b c" has a space' });
    expect(addDraftTags([], "b c, d, e", noSpaces, false)).toEqual({ tags: [], draft: "b c, d, e", error: '"b c" has a space' });
  });

  it("does not validate duplicates or empty parts", () => {
    const seen: string[] = [];
    addDraftTags(["a"], "a, ,b", (tag) => (seen.push(tag), null));
    expect(seen).toEqual(["b"]);
  });

  it("leaves the input array alone", () => {
    const tags = ["a"];
    addDraftTags(tags, "b");
    expect(tags).toEqual(["a"]);
  });
});

describe("tagKeyAction", () => {
  it("adds on Enter when something was typed, and always swallows a comma", () => {
    expect(tagKeyAction("Enter", "tag")).toBe("add");
    expect(tagKeyAction("Enter", "  ")).toBeNull();
    expect(tagKeyAction(",", "tag")).toBe("add");
    expect(tagKeyAction(",", "")).toBe("add");
  });

  it("removes the last tag on Backspace only in an empty box", () => {
    expect(tagKeyAction("Backspace", "")).toBe("remove-last");
    expect(tagKeyAction("Backspace", "t")).toBeNull();
    expect(tagKeyAction("a", "")).toBeNull();
  });
});
