import { createLoginPage, loginMetadata } from "@lore/next/login-page";

import { getCurrentUser } from "~/server/session";

export const metadata = loginMetadata;

export default createLoginPage({
  getCurrentUser,
  productName: "Lore Admin",
  footer: "Manage who can use Lore and what it knows.",
  title: "Sign in to the admin console",
  description: "Lore Admin is for people with the admin role.",
});
