"use client";

import { Badge } from "@lore/ui/badge";
import { Button } from "@lore/ui/button";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo, useState, type ReactNode } from "react";
import type { Components } from "react-markdown";

import { LazyMarkdown as Markdown } from "~/components/markdown/lazy-markdown";

import { CitationChip } from "./citations";
import { errorKind } from "./errors";
import { FeedbackControls } from "./feedback";
import { CheckIcon, CopyIcon, RetryIcon } from "~/components/icons";
import { citedSources, type AssistantMessage, type Feedback } from "./model";
import { CITE_TAG, rehypeCitations } from "./rehype-citations";
import { SourcesList } from "./sources-list";
import { iconButton } from "./styles";

export interface AssistantMessageProps {
  message: AssistantMessage;
  /** The last answer can be regenerated (and retried when it failed). */
  isLast: boolean;
  busy: boolean;
  onRedo: (question: string) => void;
  onFeedback: (feedback: Feedback) => void;
}

/** One answer: its Markdown with citation chips, its sources, its state, and the controls under it. */
export function AssistantMessageView({ message, isLast, busy, onRedo, onFeedback }: AssistantMessageProps) {
  const t = useTranslations("chat");
  const streaming = message.status === "streaming";
  const waiting = streaming && message.text === "";
  const cited = citedSources(message);

  const rehypePlugins = useMemo(
    () => [[rehypeCitations, { known: new Set(message.sources.map((s) => s.n)) }] as [typeof rehypeCitations, { known: Set<number> }]],
    [message.sources],
  );
  const components = useMemo(() => {
    const byN = new Map(message.sources.map((s) => [s.n, s]));
    return {
      [CITE_TAG]: ({ n }: { n?: string }) => <CitationChip n={Number(n)} source={byN.get(Number(n))} />,
    } as unknown as Components;
  }, [message.sources]);

  return (
    <article
      className="flex flex-col gap-2"
      data-testid="message-assistant"
      data-status={message.status}
      data-mode={message.mode ?? undefined}
      aria-busy={streaming}
      aria-label={t("answer.label")}
    >
      {message.mode === "extractive" || message.mode === "standard" ? (
        <div>
          <Badge variant="neutral" data-testid="answer-mode-badge" title={t(`mode.${message.mode}Hint`)}>
            {t(`mode.${message.mode}`)}
          </Badge>
        </div>
      ) : null}
      {waiting ? <TypingIndicator label={t("answer.typing")} /> : null}
      {message.text ? (
        <div data-testid="answer-text">
          <Markdown rehypePlugins={rehypePlugins} components={components}>
            {message.text}
          </Markdown>
        </div>
      ) : null}
      {message.status === "stopped" ? (
        <div>
          <Badge variant="warning" data-testid="answer-stopped">
            {t("answer.stopped")}
          </Badge>
        </div>
      ) : null}
      {message.nearest.length ? <NearestDocuments documents={message.nearest} /> : null}
      {message.status === "error" ? (
        <AnswerError code={message.error?.code ?? "UNKNOWN"} onRetry={isLast && !busy ? () => onRedo(message.question) : undefined} />
      ) : null}
      {!streaming && cited.length ? <SourcesList sources={cited} /> : null}
      {/* The controls' row keeps its height while streaming, so nothing moves when it appears. */}
      <div className="flex min-h-8 flex-wrap items-center gap-0.5" aria-hidden={streaming || undefined}>
        {!streaming ? (
          <>
            {message.text ? <CopyButton text={message.text} /> : null}
            {isLast && message.status !== "error" ? (
              <button
                type="button"
                className={iconButton}
                aria-label={t("controls.regenerate")}
                title={t("controls.regenerate")}
                data-testid="answer-regenerate"
                disabled={busy}
                onClick={() => onRedo(message.question)}
              >
                <RetryIcon />
              </button>
            ) : null}
            {message.id && message.status !== "error" ? (
              <FeedbackControls messageId={message.id} feedback={message.feedback} onSaved={onFeedback} />
            ) : null}
          </>
        ) : null}
      </div>
    </article>
  );
}

function TypingIndicator({ label }: { label: string }) {
  return (
    <div className="flex h-6 items-center gap-1" data-testid="typing-indicator">
      <span className="sr-only">{label}</span>
      {["[animation-delay:0ms]", "[animation-delay:150ms]", "[animation-delay:300ms]"].map((delay) => (
        <span key={delay} aria-hidden className={`size-1.5 animate-bounce rounded-full bg-muted ${delay}`} />
      ))}
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const t = useTranslations("chat");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={iconButton}
      aria-label={copied ? t("controls.copied") : t("controls.copy")}
      title={copied ? t("controls.copied") : t("controls.copy")}
      data-testid="answer-copy"
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span className="sr-only" role="status">
        {copied ? t("controls.copied") : ""}
      </span>
    </button>
  );
}

function NearestDocuments({ documents }: { documents: AssistantMessage["nearest"] }) {
  const t = useTranslations("chat");
  return (
    <section aria-label={t("nearest.heading")} data-testid="nearest-documents">
      <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">{t("nearest.heading")}</h3>
      <ul className="mt-1.5 flex flex-col gap-1 text-sm">
        {documents.map((d) => (
          <li key={d.documentId}>
            <Link
              href={`/docs/${encodeURIComponent(d.documentId)}`}
              className="font-medium text-fg underline decoration-border-strong underline-offset-2 hover:decoration-accent"
            >
              {d.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AnswerError({ code, onRetry }: { code: string; onRetry?: () => void }): ReactNode {
  const t = useTranslations("chat");
  const kind = errorKind(code);
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg"
      data-testid="answer-error"
      data-code={code}
    >
      <span className="min-w-0 flex-1">{t(`errors.${kind}`)}</span>
      {onRetry ? (
        <Button size="sm" variant="secondary" onClick={onRetry} data-testid="answer-retry">
          {t("errors.retry")}
        </Button>
      ) : null}
    </div>
  );
}
