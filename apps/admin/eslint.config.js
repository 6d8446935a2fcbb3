import config from "@lore/eslint-config/nextjs";

export default config;
