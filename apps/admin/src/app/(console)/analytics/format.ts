// How the analytics page writes its figures.

/** "42%" (or "—" without a share). */
export function percent(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** "3 Mar" for the UTC day "2026-03-03". */
export function shortDay(day: string): string {
  return dayLabel.format(new Date(`${day}T00:00:00Z`));
}

const MODE_LABELS: Record<string, string> = {
  model: "Model",
  extractive: "Extractive",
  standard: "Standard answer",
  not_found: "Not found",
};

/** An answer's mode in words. */
export function modeLabel(mode: string | null): string {
  return mode ? (MODE_LABELS[mode] ?? mode) : "No answer recorded";
}
