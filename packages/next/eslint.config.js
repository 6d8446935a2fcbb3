import config from "@lore/eslint-config/nextjs";

export default [
  ...config,
  // A library of app parts, not an app: there is no pages/ directory to check links against.
  { rules: { "@next/next/no-html-link-for-pages": "off" } },
];
