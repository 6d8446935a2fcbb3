"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

import { CopyButton } from "./copy-button";

type Language = "curl" | "python" | "javascript";

/** How to call the OpenAI-compatible endpoint with a key: curl, and the official `openai` clients. */
function snippet(language: Language, origin: string, model: string): string {
  const base = `${origin}/api/v1`;
  switch (language) {
    case "curl":
      return `curl ${base}/chat/completions \\
  -H "Authorization: Bearer $LORE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${model}", "messages": [{"role": "user", "content": "How many days of leave do I have?"}]}'`;
    case "python":
      return `import os

from openai import OpenAI

client = OpenAI(base_url="${base}", api_key=os.environ["LORE_API_KEY"])
reply = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "How many days of leave do I have?"}],
)
print(reply.choices[0].message.content)`;
    case "javascript":
      return `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: process.env.LORE_API_KEY });
const reply = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "How many days of leave do I have?" }],
});
console.log(reply.choices[0].message.content);`;
  }
}

const LANGUAGES: ReadonlyArray<{ id: Language; label: string }> = [
  { id: "curl", label: "curl" },
  { id: "python", label: "Python" },
  { id: "javascript", label: "JavaScript" },
];

export function ExampleRequest({ origin, model }: { origin: string; model: string }) {
  const t = useTranslations("settings");
  const [language, setLanguage] = useState<Language>("curl");
  const code = snippet(language, origin, model);
  return (
    <div className="flex flex-col gap-3" data-testid="example-request">
      <p className="text-sm text-muted">{t("example.description", { model })}</p>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div
          role="group"
          aria-label={t("example.languageLabel")}
          className="inline-flex gap-1 rounded-lg border border-border bg-surface-muted p-1"
        >
          {LANGUAGES.map((l) => (
            <button
              key={l.id}
              type="button"
              aria-pressed={language === l.id}
              onClick={() => setLanguage(l.id)}
              className="h-8 rounded-md px-3 text-sm font-medium text-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-ring aria-pressed:bg-surface aria-pressed:text-fg aria-pressed:shadow-sm"
            >
              {l.label}
            </button>
          ))}
        </div>
        <CopyButton text={code} data-testid="example-copy" />
      </div>
      <pre
        className="overflow-x-auto rounded-lg border border-border bg-surface-muted p-4 text-xs leading-relaxed text-fg"
        tabIndex={0}
        aria-label={t("example.codeLabel")}
      >
        <code data-testid="example-code">{code}</code>
      </pre>
    </div>
  );
}
