"use client";

import { useRef, useState, type FormEvent } from "react";

import { Alert } from "./alert";
import { Button } from "./button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./card";
import { Field } from "./field";

export type SignInValues = { email: string; password: string };

export type SignInProblem = { title: string; message?: string };

/** What an attempt to sign in produced. On success the caller navigates away; the form stays busy meanwhile. */
export type SignInOutcome =
  { ok: true } | { ok: false; fieldErrors?: Partial<Record<keyof SignInValues, string>>; problem?: SignInProblem };

export type SignInFormProps = {
  title?: string;
  description?: string;
  /** Validates and submits the credentials. */
  onSubmit: (values: SignInValues) => Promise<SignInOutcome>;
  /** Single sign-on through the company's identity provider, when configured. */
  sso?: { providerName: string; onSignIn: () => Promise<SignInOutcome> };
  /** A problem to show on arrival, e.g. a failed SSO round trip reported in the URL. */
  initialProblem?: SignInProblem | null;
};

type Pending = "password" | "sso" | null;

/** The sign-in card: optional SSO button, then email and password. Auth itself is the caller's. */
export function SignInForm({
  title = "Sign in",
  description = "Use your work account.",
  onSubmit,
  sso,
  initialProblem = null,
}: SignInFormProps) {
  const [pending, setPending] = useState<Pending>(null);
  const [problem, setProblem] = useState<SignInProblem | null>(initialProblem);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof SignInValues, string>>>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function report(outcome: Extract<SignInOutcome, { ok: false }>) {
    setPending(null);
    setFieldErrors(outcome.fieldErrors ?? {});
    setProblem(outcome.problem ?? null);
    if (outcome.fieldErrors?.email) emailRef.current?.focus();
    else if (outcome.fieldErrors?.password) passwordRef.current?.focus();
  }

  async function run(kind: Exclude<Pending, null>, attempt: () => Promise<SignInOutcome>) {
    if (pending) return;
    setPending(kind);
    setProblem(null);
    setFieldErrors({});
    let outcome: SignInOutcome;
    try {
      outcome = await attempt();
    } catch {
      outcome = {
        ok: false,
        problem: { title: "Something went wrong", message: "Sign-in could not be completed. Please try again." },
      };
    }
    // On success, stay busy: the caller is navigating to the next page.
    if (!outcome.ok) report(outcome);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values: SignInValues = {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
    };
    void run("password", () => onSubmit(values));
  }

  const busy = pending !== null;

  return (
    <Card className="shadow-md">
      <CardHeader>
        <CardTitle className="text-lg">{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {problem ? (
          <Alert variant="error" title={problem.title} data-testid="login-error">
            {problem.message}
          </Alert>
        ) : null}

        {sso ? (
          <>
            <Button
              variant="secondary"
              size="lg"
              className="w-full"
              loading={pending === "sso"}
              disabled={busy}
              onClick={() => void run("sso", sso.onSignIn)}
              data-testid="login-sso"
            >
              Sign in with {sso.providerName}
            </Button>
            <div className="flex items-center gap-3 text-xs text-muted" aria-hidden="true">
              <span className="h-px flex-1 bg-border" />
              or with email
              <span className="h-px flex-1 bg-border" />
            </div>
          </>
        ) : null}

        <form noValidate onSubmit={handleSubmit} className="flex flex-col gap-4" aria-busy={busy || undefined} data-testid="login-form">
          <Field
            ref={emailRef}
            label="Work email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            readOnly={busy}
            error={fieldErrors.email}
            data-testid="login-email"
          />
          <Field
            ref={passwordRef}
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            readOnly={busy}
            error={fieldErrors.password}
            data-testid="login-password"
          />
          <Button
            type="submit"
            size="lg"
            className="mt-1 w-full"
            loading={pending === "password"}
            disabled={busy}
            data-testid="login-submit"
          >
            {pending === "password" ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
