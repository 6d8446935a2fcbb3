import { createTRPCRouteHandler } from "@lore/next/trpc/route";

import { auth } from "~/server/auth";

const handler = createTRPCRouteHandler(auth);

export { handler as GET, handler as POST };
