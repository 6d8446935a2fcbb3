"use client";

import { describeSignInError, describeSsoStartError, networkProblem } from "@lore/ui/sign-in-errors";
import { SignInForm, type SignInOutcome, type SignInProblem } from "@lore/ui/sign-in-form";
import { useRouter } from "next/navigation";
import { z } from "zod";

import { authClient } from "./auth-client";
import { loginPath } from "./redirect";

const credentialsSchema = z.object({
  email: z.string().trim().min(1, "Enter your work email.").pipe(z.email("Enter a valid email address, like name@company.com.")),
  password: z.string().min(1, "Enter your password."),
});

export interface LoginFormProps {
  /** A safe, same-origin path to continue to after signing in. */
  next: string;
  sso: { providerName: string } | null;
  initialProblem: SignInProblem | null;
  /** The card's heading and the line under it: the app's own words. */
  title?: string;
  description?: string;
}

/** Email + password (and SSO when configured) sign-in against the current app's /api/auth. */
export function LoginForm({ next, sso, initialProblem, title, description }: LoginFormProps) {
  const router = useRouter();

  async function signInWithPassword(values: { email: string; password: string }): Promise<SignInOutcome> {
    const parsed = credentialsSchema.safeParse(values);
    if (!parsed.success) {
      const { fieldErrors } = z.flattenError(parsed.error);
      return { ok: false, fieldErrors: { email: fieldErrors.email?.[0], password: fieldErrors.password?.[0] } };
    }

    let retryAfter: number | null = null;
    try {
      const { error } = await authClient.signIn.email({
        email: parsed.data.email,
        password: parsed.data.password,
        fetchOptions: {
          onError: ({ response }: { response: Response }) => {
            const header = response.headers.get("x-retry-after") ?? response.headers.get("retry-after");
            retryAfter = header && /^\d+$/.test(header) ? Number(header) : null;
          },
        },
      });
      if (error) return { ok: false, problem: describeSignInError(error, retryAfter) };
    } catch {
      return { ok: false, problem: networkProblem };
    }

    router.replace(next);
    router.refresh();
    return { ok: true };
  }

  async function signInWithSso(): Promise<SignInOutcome> {
    try {
      // better-auth registers the OIDC provider (id "sso") alongside its built-in social providers.
      const { error } = await authClient.signIn.social({
        provider: "sso",
        callbackURL: next,
        // Failures come back to this page with ?error=<code>, keeping the destination.
        errorCallbackURL: loginPath(next),
      });
      if (error) return { ok: false, problem: describeSsoStartError(error) };
      // The browser is on its way to the identity provider.
      return { ok: true };
    } catch {
      return { ok: false, problem: networkProblem };
    }
  }

  return (
    <SignInForm
      title={title}
      description={description}
      onSubmit={signInWithPassword}
      sso={sso ? { providerName: sso.providerName, onSignIn: signInWithSso } : undefined}
      initialProblem={initialProblem}
    />
  );
}
