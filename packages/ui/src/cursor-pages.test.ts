import { describe, expect, it } from "vitest";

import { nextPageCursor, pagedRows } from "./cursor-pages";

describe("nextPageCursor", () => {
  it("passes a cursor on and turns the last page's null into undefined", () => {
    expect(nextPageCursor({ nextCursor: "abc" })).toBe("abc");
    expect(nextPageCursor({ nextCursor: null })).toBeUndefined();
  });
});

describe("pagedRows", () => {
  it("joins the pages' items in order", () => {
    const pages = [
      { items: [1, 2], nextCursor: "2" },
      { items: [3], nextCursor: null },
    ];
    expect(pagedRows(pages)).toEqual([1, 2, 3]);
    expect(pagedRows([])).toEqual([]);
  });
});
