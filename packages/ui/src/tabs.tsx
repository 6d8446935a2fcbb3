"use client";

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

import { cn } from "./lib/cn";

/**
 * The tab a key press moves focus to, following the WAI-ARIA tabs pattern (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/):
 * the arrow keys along the tab list go to the previous or next enabled tab, wrapping around; Home and End go to the
 * first and last enabled tab. Returns null for other keys (and when no tab is enabled), so the browser keeps them.
 */
export function tabIndexForKey(
  key: string,
  current: number,
  disabled: readonly boolean[],
  orientation: "horizontal" | "vertical" = "horizontal",
): number | null {
  const count = disabled.length;
  const enabled = (index: number) => !disabled[index];
  const step = (from: number, direction: 1 | -1) => {
    for (let offset = 1; offset <= count; offset++) {
      const index = (((from + direction * offset) % count) + count) % count;
      if (enabled(index)) return index;
    }
    return null;
  };
  const [previousKey, nextKey] = orientation === "horizontal" ? ["ArrowLeft", "ArrowRight"] : ["ArrowUp", "ArrowDown"];

  switch (key) {
    case previousKey:
      return step(current, -1);
    case nextKey:
      return step(current, 1);
    case "Home":
      return step(-1, 1);
    case "End":
      return step(count, -1);
    default:
      return null;
  }
}

export type TabItem = {
  /** Stable key of the tab; what `value` and `onValueChange` speak of. */
  id: string;
  label: ReactNode;
  /** Rendered only while the tab is selected. */
  content: ReactNode;
  disabled?: boolean;
  testId?: string;
};

export type TabsProps = {
  items: readonly TabItem[];
  /** The selected tab's id, when the caller controls it (e.g. from the URL). */
  value?: string;
  /** The tab selected first, when Tabs keeps the state itself. Defaults to the first enabled tab. */
  defaultValue?: string;
  onValueChange?: (id: string) => void;
  /** Names the tab list for screen readers. */
  "aria-label"?: string;
  /** "automatic" selects a tab as the arrow keys reach it; "manual" waits for Enter or Space (for slow panels). */
  activation?: "automatic" | "manual";
  orientation?: "horizontal" | "vertical";
  className?: string;
  "data-testid"?: string;
};

/** Tabs with a roving tabindex: Tab enters the list on the selected tab, the arrow keys move between tabs. */
export function Tabs({
  items,
  value,
  defaultValue,
  onValueChange,
  "aria-label": ariaLabel,
  activation = "automatic",
  orientation = "horizontal",
  className,
  "data-testid": testId,
}: TabsProps) {
  const baseId = useId();
  const [ownValue, setOwnValue] = useState(defaultValue);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const wanted = value ?? ownValue;
  const selected = items.find((item) => item.id === wanted && !item.disabled) ?? items.find((item) => !item.disabled);

  function select(id: string) {
    if (value === undefined) setOwnValue(id);
    if (id !== selected?.id) onValueChange?.(id);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const target = tabIndexForKey(
      event.key,
      index,
      items.map((item) => Boolean(item.disabled)),
      orientation,
    );
    if (target === null) return;
    event.preventDefault();
    tabs.current[target]?.focus();
    const item = items[target];
    if (activation === "automatic" && item) select(item.id);
  }

  const vertical = orientation === "vertical";

  return (
    <div className={cn("flex gap-4", vertical ? "flex-row" : "flex-col", className)} data-testid={testId}>
      <div
        role="tablist"
        aria-label={ariaLabel}
        aria-orientation={orientation}
        className={cn("flex shrink-0", vertical ? "flex-col gap-1" : "gap-1 overflow-x-auto border-b border-border")}
      >
        {items.map((item, index) => {
          const isSelected = item.id === selected?.id;
          return (
            <button
              key={item.id}
              ref={(node) => {
                tabs.current[index] = node;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${index}`}
              aria-selected={isSelected}
              aria-controls={`${baseId}-panel-${index}`}
              tabIndex={isSelected ? 0 : -1}
              disabled={item.disabled}
              onClick={() => select(item.id)}
              onKeyDown={(event) => handleKeyDown(event, index)}
              data-testid={item.testId}
              className={cn(
                "inline-flex items-center gap-2 px-3 text-sm font-medium whitespace-nowrap text-muted transition-colors",
                "hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                "disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:text-muted aria-selected:text-fg",
                vertical
                  ? "h-9 rounded-md hover:bg-surface-muted aria-selected:bg-accent-soft aria-selected:text-accent-soft-fg"
                  : "-mb-px h-10 border-b-2 border-transparent aria-selected:border-accent",
              )}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {items.map((item, index) => {
        const isSelected = item.id === selected?.id;
        return (
          <div
            key={item.id}
            role="tabpanel"
            id={`${baseId}-panel-${index}`}
            aria-labelledby={`${baseId}-tab-${index}`}
            hidden={!isSelected}
            tabIndex={0}
            className="min-w-0 flex-1 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          >
            {isSelected ? item.content : null}
          </div>
        );
      })}
    </div>
  );
}
