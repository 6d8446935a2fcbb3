import base from "@lore/eslint-config/base";

export default base;
