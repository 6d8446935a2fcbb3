import type { ReactNode } from "react";

import { cn } from "./lib/cn";
import { LogoMark } from "./logo";

export type CenteredPageProps = {
  productName: string;
  children: ReactNode;
  /** Small print under the content. */
  footer?: ReactNode;
  className?: string;
};

/** A full-height page with the product mark and one centred column: sign-in, errors, access refused. */
export function CenteredPage({ productName, children, footer, className }: CenteredPageProps) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-bg px-4 py-12">
      <div className={cn("flex w-full max-w-sm flex-col gap-6", className)}>
        <div className="flex items-center justify-center gap-2.5">
          <LogoMark className="size-9" />
          <span className="text-xl font-semibold tracking-tight text-fg">{productName}</span>
        </div>
        {children}
        {footer ? <div className="text-center text-xs text-muted">{footer}</div> : null}
      </div>
    </main>
  );
}
