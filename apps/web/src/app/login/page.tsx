import { createLoginPage, loginMetadata } from "@lore/next/login-page";

import { getCurrentUser } from "~/server/session";

export const metadata = loginMetadata;

export default createLoginPage({
  getCurrentUser,
  productName: "Lore",
  footer: "Lore answers from your company's own documents.",
  description: "Use your work account to ask Lore.",
});
