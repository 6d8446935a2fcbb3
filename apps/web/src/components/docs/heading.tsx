import type { Components } from "react-markdown";
import type { ComponentProps } from "react";

type Level = "h1" | "h2" | "h3" | "h4" | "h5" | "h6";

function LinkIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false" className="size-4">
      <path d="M12.232 4.232a2.5 2.5 0 0 1 3.536 3.536l-1.225 1.224a.75.75 0 0 0 1.061 1.06l1.224-1.224a4 4 0 0 0-5.656-5.656l-3 3a4 4 0 0 0 .225 5.865.75.75 0 0 0 .977-1.138 2.5 2.5 0 0 1-.142-3.667l3-3Z" />
      <path d="M11.603 7.963a.75.75 0 0 0-.977 1.138 2.5 2.5 0 0 1 .142 3.667l-3 3a2.5 2.5 0 0 1-3.536-3.536l1.225-1.224a.75.75 0 0 0-1.061-1.06l-1.224 1.224a4 4 0 1 0 5.656 5.656l3-3a4 4 0 0 0-.225-5.865Z" />
    </svg>
  );
}

/** A heading with a link to itself (its id comes from rehypeHeadingIds), shown on hover and focus. */
function anchored(Tag: Level, label: string) {
  function AnchoredHeading({ id, children, node: _node, ...props }: ComponentProps<Level> & { node?: unknown }) {
    return (
      <Tag id={id} {...props} className="group relative scroll-mt-6">
        {children}
        {id ? (
          <a
            href={`#${id}`}
            aria-label={label}
            className="ml-2 inline-flex translate-y-0.5 rounded text-muted opacity-0 group-hover:opacity-100 hover:text-accent focus-visible:opacity-100"
            data-testid="heading-anchor"
          >
            <LinkIcon />
          </a>
        ) : null}
      </Tag>
    );
  }
  return AnchoredHeading;
}

/** Overrides for every heading level; `label` is the anchor link's accessible name. */
export function headingComponents(label: string): Components {
  return {
    h1: anchored("h1", label),
    h2: anchored("h2", label),
    h3: anchored("h3", label),
    h4: anchored("h4", label),
    h5: anchored("h5", label),
    h6: anchored("h6", label),
  };
}
