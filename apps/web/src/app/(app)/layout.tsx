import type { ReactNode } from "react";

import { ChatShell } from "~/components/shell/chat-shell";
import { env } from "~/env";
import { requireUser } from "~/server/session";

/** Everything inside requires a session: checked here, on the server, for every request. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <ChatShell user={{ name: user.name, email: user.email, role: user.role }} adminUrl={user.role === "admin" ? env.ADMIN_URL : null}>
      {children}
    </ChatShell>
  );
}
