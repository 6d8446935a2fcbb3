"use client";

import { createUserInput } from "@lore/api/schemas";
import { useTRPC } from "@lore/next/trpc/react";
import { Alert } from "@lore/ui/alert";
import { Button } from "@lore/ui/button";
import { Dialog } from "@lore/ui/dialog";
import { Field } from "@lore/ui/field";
import { Label } from "@lore/ui/label";
import { Select } from "@lore/ui/select";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { describeError, errorCode } from "~/lib/trpc-errors";

type FieldName = "name" | "email" | "password" | "role";
type FieldErrors = Partial<Record<FieldName, string>>;

/** The form's first problem per field, checked with the procedure's own schema (the same messages as the server). */
function checkFields(values: Record<FieldName, string>): FieldErrors {
  const parsed = createUserInput.safeParse(values);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as FieldName | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** "New user": an account that signs in with email and password (SSO users appear after their first sign-in). */
export function NewUserButton({ onCreated }: { onCreated: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="new-user">
        New user
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New user"
        description="They sign in with this email and password; share the password with them safely. People who sign in with SSO appear here after their first sign-in."
      >
        <NewUserForm
          onCancel={() => setOpen(false)}
          onCreated={(message) => {
            setOpen(false);
            onCreated(message);
          }}
        />
      </Dialog>
    </>
  );
}

function NewUserForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roleId = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({ name: "", email: "", password: "", role: "employee" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onSuccess: async (user) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.pathKey() });
        onCreated(`${values.name.trim()} (${user.email}) can now sign in.`);
      },
      onError: (error) => {
        // A taken email belongs next to the email field; anything else goes above the buttons.
        if (errorCode(error) === "CONFLICT") setErrors({ email: describeError(error) });
      },
    }),
  );

  const set = (field: FieldName) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkFields(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // Focus the first field with a problem, so a keyboard or screen reader user lands on it.
      const first = (["name", "email", "password"] as const).find((f) => found[f]);
      if (first) document.getElementById(`new-user-${first}`)?.focus();
      return;
    }
    create.mutate({
      name: values.name,
      email: values.email,
      password: values.password,
      role: values.role === "admin" ? "admin" : "employee",
    });
  }

  const otherError = create.isError && errorCode(create.error) !== "CONFLICT" ? describeError(create.error) : null;

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4" data-testid="new-user-form">
      <Field
        id="new-user-name"
        label="Name"
        autoComplete="off"
        value={values.name}
        onChange={(e) => set("name")(e.target.value)}
        error={errors.name}
        required
      />
      <Field
        id="new-user-email"
        label="Email"
        type="email"
        autoComplete="off"
        spellCheck={false}
        value={values.email}
        onChange={(e) => set("email")(e.target.value)}
        error={errors.email}
        required
      />
      <Field
        id="new-user-password"
        label="Password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={(e) => set("password")(e.target.value)}
        error={errors.password}
        hint="10 to 128 characters."
        required
      />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={roleId}>Role</Label>
        <Select id={roleId} value={values.role} onChange={(e) => set("role")(e.target.value)} data-testid="new-user-role">
          <option value="employee">Employee: asks Lore</option>
          <option value="admin">Admin: also uses this console</option>
        </Select>
      </div>
      {otherError ? (
        <Alert variant="error" data-testid="new-user-error">
          {otherError}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-3 pt-2">
        <Button type="button" variant="secondary" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending} data-testid="new-user-submit">
          Create user
        </Button>
      </div>
    </form>
  );
}
