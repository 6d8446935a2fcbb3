"use client";

import { useEffect, useRef, useState, type ComponentProps } from "react";

/**
 * A frame that scrolls when its content is wider (or taller) than it. While it does, it is a named region in the
 * tab order, so people on a keyboard can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable); while it
 * does not, it adds no tab stop. Give it `relative` so visually hidden (absolute) text inside stays clipped by it
 * rather than widening the page.
 */
export function ScrollRegion({ label, className, children, ...props }: ComponentProps<"div"> & { label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const measure = () => setScrolls(frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    for (const child of frame.children) observer.observe(child);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={ref} className={className} {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": label } : {})} {...props}>
      {children}
    </div>
  );
}
