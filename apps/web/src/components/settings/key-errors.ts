import type { useTranslations } from "next-intl";

/** Our sentence for a failed API-key call: too many keys, a bad name, the connection, or our side. */
export function keyErrorMessage(t: ReturnType<typeof useTranslations<"settings">>, error: unknown): string {
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  if (code === undefined) return t("errors.network");
  if (code === "CONFLICT") return t("errors.tooMany");
  if (code === "BAD_REQUEST") return t("errors.badName");
  if (code === "UNAUTHORIZED") return t("errors.session");
  return t("errors.server");
}
