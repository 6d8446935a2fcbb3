"use client";

import { Button, buttonClassName } from "@lore/ui/button";
import { Input } from "@lore/ui/input";
import { Label } from "@lore/ui/label";
import Form from "next/form";
import Link from "next/link";
import { useState } from "react";

import { MAX_DAYS, RANGE_PRESETS, rangeHref, type PageRange } from "./range";

/** Presets as links (the range lives in the URL) and a custom range as a GET form on the same page. */
export function RangePicker({ range }: { range: PageRange }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  const error =
    !from || !to
      ? "Choose both days."
      : days < 1
        ? "The last day must not come before the first."
        : days > MAX_DAYS
          ? `Choose at most ${MAX_DAYS} days.`
          : null;

  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4" data-testid="analytics-range">
      <nav aria-label="Date range presets">
        <ul className="flex gap-1 rounded-lg border border-border bg-surface p-1">
          {RANGE_PRESETS.map((preset) => {
            const current = range.preset === preset;
            return (
              <li key={preset}>
                <Link
                  href={rangeHref({ preset })}
                  aria-current={current ? "page" : undefined}
                  className={buttonClassName({ variant: current ? "primary" : "ghost", size: "sm" })}
                  data-testid={`range-preset-${preset}`}
                >
                  Last {preset} days
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <Form action="/analytics" className="flex flex-wrap items-end gap-2" aria-label="Custom date range">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="analytics-from">From</Label>
          <Input
            id="analytics-from"
            name="from"
            type="date"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
            required
            className="w-40"
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="analytics-to">To</Label>
          <Input
            id="analytics-to"
            name="to"
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            required
            className="w-40"
            aria-describedby={error ? "analytics-range-error" : undefined}
            invalid={Boolean(error)}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={Boolean(error)} data-testid="range-apply">
          Apply
        </Button>
        {error ? (
          <p id="analytics-range-error" className="basis-full text-sm text-danger" role="alert">
            {error}
          </p>
        ) : null}
      </Form>
    </div>
  );
}
