import { describe, expect, it } from "vitest";

import { tabIndexForKey } from "./tabs";

const none = [false, false, false, false];

describe("tabIndexForKey", () => {
  it("moves along a horizontal list with the left and right arrows, wrapping at both ends", () => {
    expect(tabIndexForKey("ArrowRight", 1, none)).toBe(2);
    expect(tabIndexForKey("ArrowRight", 3, none)).toBe(0);
    expect(tabIndexForKey("ArrowLeft", 1, none)).toBe(0);
    expect(tabIndexForKey("ArrowLeft", 0, none)).toBe(3);
  });

  it("goes to the first and last tab with Home and End", () => {
    expect(tabIndexForKey("Home", 2, none)).toBe(0);
    expect(tabIndexForKey("End", 1, none)).toBe(3);
  });

  it("skips disabled tabs, also for Home and End", () => {
    const disabled = [true, false, true, false, true];
    expect(tabIndexForKey("ArrowRight", 1, disabled)).toBe(3);
    expect(tabIndexForKey("ArrowRight", 3, disabled)).toBe(1);
    expect(tabIndexForKey("ArrowLeft", 1, disabled)).toBe(3);
    expect(tabIndexForKey("Home", 3, disabled)).toBe(1);
    expect(tabIndexForKey("End", 1, disabled)).toBe(3);
  });

  it("uses the up and down arrows instead when the list is vertical", () => {
    expect(tabIndexForKey("ArrowDown", 0, none, "vertical")).toBe(1);
    expect(tabIndexForKey("ArrowUp", 0, none, "vertical")).toBe(3);
    expect(tabIndexForKey("ArrowRight", 0, none, "vertical")).toBeNull();
    expect(tabIndexForKey("ArrowDown", 0, none)).toBeNull();
  });

  it("leaves other keys to the browser, and has nowhere to go when every tab is disabled", () => {
    expect(tabIndexForKey("Enter", 0, none)).toBeNull();
    expect(tabIndexForKey("a", 0, none)).toBeNull();
    expect(tabIndexForKey("ArrowRight", 0, [true, true])).toBeNull();
    expect(tabIndexForKey("Home", 0, [])).toBeNull();
  });

  it("stays on the only enabled tab", () => {
    expect(tabIndexForKey("ArrowRight", 1, [true, false, true])).toBe(1);
  });
});
