import ReactMarkdown, { type Components } from "react-markdown";
import type { PluggableList } from "unified";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * What may survive from Markdown written by a document's author or a model: GitHub's allow-list of elements and
 * attributes, links only to http(s) and mailto, images only from https (an internal tool: no plain-http
 * beacons), no raw HTML at all (react-markdown leaves it as text), no `javascript:` or `data:` anywhere.
 */
export const markdownSchema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ["http", "https", "mailto"], src: ["https"], cite: ["http", "https"] },
};

export interface MarkdownProps {
  children: string;
  /** Element overrides (citation chips, heading anchors…). */
  components?: Components;
  /** remark plugins run after GFM (they see Markdown's tree). */
  remarkPlugins?: PluggableList;
  /** rehype plugins run after sanitising (what they add is trusted: ids, highlight marks). */
  rehypePlugins?: PluggableList;
  className?: string;
}

/**
 * Renders untrusted Markdown (answers, documents) safely: GFM (tables, lists, task lists, strikethrough, code),
 * sanitised with {@link markdownSchema}. Cheap to re-render as a streamed answer grows.
 */
export function Markdown({ children, components, remarkPlugins = [], rehypePlugins = [], className }: MarkdownProps) {
  return (
    <div className={className ?? "lore-prose"}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm, ...remarkPlugins]}
        rehypePlugins={[[rehypeSanitize, markdownSchema], ...rehypePlugins]}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
