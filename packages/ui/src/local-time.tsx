"use client";

import { useSyncExternalStore, type ComponentProps } from "react";

const subscribe = () => () => {};

export type LocalTimeProps = Omit<ComponentProps<"time">, "children" | "dateTime"> & {
  value: Date | string;
  /** How to show it; defaults to date and time. */
  format?: Intl.DateTimeFormatOptions;
};

/**
 * A point in time in the reader's own time zone. The server does not know that zone, so the first
 * render (server and hydration) shows UTC, and the browser then switches to local time.
 */
export function LocalTime({ value, format = { dateStyle: "medium", timeStyle: "short" }, ...props }: LocalTimeProps) {
  const date = typeof value === "string" ? new Date(value) : value;
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const valid = !Number.isNaN(date.getTime());
  if (!valid) return <span {...props}>—</span>;
  const text = inBrowser
    ? new Intl.DateTimeFormat(undefined, format).format(date)
    : `${new Intl.DateTimeFormat("en-GB", { ...format, timeZone: "UTC" }).format(date)} UTC`;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()} {...props}>
      {text}
    </time>
  );
}
