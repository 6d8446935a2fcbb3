import config from "@lore/eslint-config/core";

export default config;
