import base from "@lore/eslint-config/base";

export default [
  ...base,
  { ignores: ["bootstrap.mjs"] },
  // The orchestrators are the place where the environment is read and handed to the apps.
  { rules: { "no-restricted-properties": "off" } },
];
