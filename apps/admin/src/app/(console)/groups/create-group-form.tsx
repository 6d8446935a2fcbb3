"use client";

import { createGroupInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lore/ui/card";
import { Field } from "@lore/ui/field";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { z } from "zod";

import { describeError, errorCode } from "~/lib/trpc-errors";

type FieldErrors = Partial<Record<"name" | "description", string>>;

/** Creates a group. Validated with the same schema as the admin.groups.create procedure. */
export function CreateGroupForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const create = useMutation(
    trpc.admin.groups.create.mutationOptions({
      onSuccess: async (group) => {
        formRef.current?.reset();
        setCreated(group.name);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.groups.list.queryKey() });
      },
      onError: (error) => {
        // A duplicate name belongs next to the name field.
        if (errorCode(error) === "CONFLICT") setFieldErrors({ name: describeError(error) });
        else setProblem(describeError(error));
        nameRef.current?.focus();
      },
    }),
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setCreated(null);
    const data = new FormData(event.currentTarget);
    const description = String(data.get("description") ?? "").trim();
    const parsed = createGroupInput.safeParse({
      name: String(data.get("name") ?? ""),
      description: description || undefined,
    });
    if (!parsed.success) {
      const { fieldErrors: errors } = z.flattenError(parsed.error);
      setFieldErrors({ name: errors.name?.[0], description: errors.description?.[0] });
      nameRef.current?.focus();
      return;
    }
    setFieldErrors({});
    create.mutate(parsed.data);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>New group</CardTitle>
        <CardDescription>For a team, a department or a project.</CardDescription>
      </CardHeader>
      <CardContent>
        <form ref={formRef} noValidate onSubmit={handleSubmit} className="flex flex-col gap-4" data-testid="create-group-form">
          {problem ? (
            <Alert variant="error" data-testid="create-group-error">
              {problem}
            </Alert>
          ) : null}
          {created ? (
            <Alert variant="success" data-testid="create-group-success">
              Group “{created}” created.
            </Alert>
          ) : null}
          <Field
            ref={nameRef}
            label="Name"
            name="name"
            placeholder="people-team"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="none"
            required
            maxLength={63}
            hint="Lowercase letters, digits, - and _."
            error={fieldErrors.name}
            data-testid="group-name"
          />
          <Field
            label="Description"
            name="description"
            placeholder="HR and people operations"
            autoComplete="off"
            maxLength={500}
            error={fieldErrors.description}
            data-testid="group-description"
          />
          <Button type="submit" loading={create.isPending} data-testid="create-group-submit">
            Create group
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
