/** The options the page opens with, shared by the server prefetch and the client query (their keys must match). */
export const DEFAULT_FINETUNE_OPTIONS = { seed: "lore", validationRatio: 0.1, withSources: false };
