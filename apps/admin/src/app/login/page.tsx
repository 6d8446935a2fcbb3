import { authEnv } from "@lore/api/env";
import { CenteredPage } from "@lore/ui/centered-page";
import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { safeNextPath } from "~/lib/redirect";
import { describeSsoError } from "~/lib/sign-in-errors";
import { getCurrentUser } from "~/server/session";

import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));

  if (await getCurrentUser()) redirect(next);

  const ssoError = first(params.error);
  return (
    <CenteredPage productName="Lore Admin" footer="Manage who can use Lore and what it knows.">
      <LoginForm
        next={next}
        sso={authEnv.ssoEnabled ? { providerName: authEnv.ssoProviderName } : null}
        initialProblem={ssoError ? describeSsoError(ssoError) : null}
      />
    </CenteredPage>
  );
}
