/** Joins class names, skipping falsy values. Variants are designed so callers rarely need to override. */
export function cn(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(" ");
}
