import type { ComponentProps } from "react";

import { cn } from "./lib/cn";

/** Lore's mark: an open book. Decorative; pair it with the product name. */
export function LogoMark({ className, ...props }: ComponentProps<"span">) {
  return (
    <span
      className={cn("inline-flex size-8 shrink-0 items-center justify-center rounded-lg bg-accent text-accent-fg shadow-sm", className)}
      aria-hidden="true"
      {...props}
    >
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5" focusable="false">
        <path
          d="M12 6.5C10.2 5.2 7.8 4.6 4.5 4.75v13c3.3-.15 5.7.45 7.5 1.75m0-13c1.8-1.3 4.2-1.9 7.5-1.75v13c-3.3-.15-5.7.45-7.5 1.75m0-13v13"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </span>
  );
}
