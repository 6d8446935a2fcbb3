import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { LOCALES, localeFromAcceptLanguage, NAMESPACES } from "./locales";
import { loadMessages, type Messages } from "./messages";

const srcDir = fileURLToPath(new URL("..", import.meta.url));

/** Every leaf key of a message tree, dotted: `nav.newChat`. */
function leafKeys(tree: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === "object" ? leafKeys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The literal keys the code asks for: in each file, the translators bound to a namespace
 * (`const t = useTranslations("chat")`, `await getTranslations("docs")`), then their calls with a string literal
 * (`t("composer.send")`, `t.rich("…")`). Keys built at run time (template strings) are not checked here.
 */
function keysUsedInSource(): Array<{ file: string; namespace: string; key: string }> {
  const used: Array<{ file: string; namespace: string; key: string }> = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    const binding = /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*["'](\w+)["']\s*\)/g;
    for (const [, name, namespace] of text.matchAll(binding)) {
      const call = new RegExp(`\\b${name}(?:\\.(?:rich|markup|raw|has))?\\(\\s*["']([\\w.-]+)["']`, "g");
      for (const [, key] of text.matchAll(call)) used.push({ file: file.slice(srcDir.length), namespace: namespace!, key: key! });
    }
  }
  return used;
}

describe("the interface's messages", () => {
  let all: Record<string, Messages>;

  it("exist for every language and namespace, with the same keys in each language", async () => {
    all = Object.fromEntries(await Promise.all(LOCALES.map(async (locale) => [locale, await loadMessages(locale)] as const)));
    for (const namespace of NAMESPACES) {
      const english = leafKeys(all.en![namespace]).sort();
      for (const locale of LOCALES) {
        expect(leafKeys(all[locale]![namespace]).sort(), `${locale}/${namespace}.json`).toEqual(english);
      }
    }
  });

  it("have no empty message", async () => {
    for (const locale of LOCALES) {
      for (const namespace of NAMESPACES) {
        const tree = (await loadMessages(locale))[namespace];
        const empty = leafKeys(tree).filter((key) => {
          const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
          return typeof value !== "string" || value.trim() === "";
        });
        expect(empty, `${locale}/${namespace}.json`).toEqual([]);
      }
    }
  });

  it("have every key the code asks for (a missing key fails here, not in front of a person)", async () => {
    const english = await loadMessages("en");
    const used = keysUsedInSource();
    expect(used.length).toBeGreaterThan(0);
    const missing = used.filter(({ namespace, key }) => !leafKeys(english[namespace as keyof Messages] ?? {}).includes(key));
    expect(missing).toEqual([]);
  });
});

describe("the browser's language", () => {
  it("picks the first language we have, by quality", () => {
    expect(localeFromAcceptLanguage("vi-VN,vi;q=0.9,en;q=0.8")).toBe("vi");
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,vi;q=0.5,en;q=0.7")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0.2, vi;q=0.9")).toBe("vi");
    expect(localeFromAcceptLanguage("de, *;q=0.1")).toBeNull();
    expect(localeFromAcceptLanguage("vi;q=0")).toBeNull();
    expect(localeFromAcceptLanguage(undefined)).toBeNull();
  });
});
