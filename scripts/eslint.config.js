import base from "@lore/eslint-config/base";

export default [
  ...base,
  // The bootstrap runs on any Node before dependencies exist: plain JavaScript, the environment handed on as is.
  { ignores: ["bootstrap.mjs"] },
];
