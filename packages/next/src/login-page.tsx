import "server-only";

import { authEnv } from "@lore/api/env";
import { CenteredPage } from "@lore/ui/centered-page";
import { describeSsoError } from "@lore/ui/sign-in-errors";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { LoginForm } from "./login-form";
import { safeNextPath } from "./redirect";

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export interface LoginPageOptions {
  /** The app's session lookup: someone already signed in goes straight on to `?next=`. */
  getCurrentUser: () => Promise<unknown>;
  productName: string;
  footer: ReactNode;
  /** The sign-in card's heading and description. */
  title?: string;
  description: string;
}

/** The page title of /login. */
export const loginMetadata: Metadata = { title: "Sign in" };

/**
 * Builds an app's /login page (its default export): a safe `?next=` destination, SSO when configured,
 * SSO errors explained. The app gives its session lookup and its own words.
 */
export function createLoginPage({ getCurrentUser, productName, footer, title, description }: LoginPageOptions) {
  return async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
    const params = await searchParams;
    const next = safeNextPath(first(params.next));

    if (await getCurrentUser()) redirect(next);

    const ssoError = first(params.error);
    return (
      <CenteredPage productName={productName} footer={footer}>
        <LoginForm
          next={next}
          sso={authEnv.ssoEnabled ? { providerName: authEnv.ssoProviderName } : null}
          initialProblem={ssoError ? describeSsoError(ssoError) : null}
          title={title}
          description={description}
        />
      </CenteredPage>
    );
  };
}
