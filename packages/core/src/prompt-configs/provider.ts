/**
 * The model provider as the environment configures it, for the prompt page: which provider, model name and
 * server. Never the key (only whether one is set). Prompt versions do not choose the model: see
 * docs/admin-console/prompt-and-inspector.md ("The model").
 */
import { loadLlmConfig } from "../llm/env";
import { EXTRACTIVE_MODEL_ID } from "../llm/extractive";

export interface ProviderInfo {
  provider: "extractive" | "openai";
  model: string;
  /** The server's origin (scheme, host, port), without its path or credentials. */
  server: string | null;
  keySet: boolean;
  /** Set when the environment's settings are invalid: the chat refuses to answer until they are fixed. */
  problem: string | null;
}

export function providerInfo(source?: Record<string, string | undefined>): ProviderInfo {
  try {
    const config = loadLlmConfig(source);
    if (!config) return { provider: "extractive", model: EXTRACTIVE_MODEL_ID, server: null, keySet: false, problem: null };
    let server: string | null = "https://api.openai.com";
    if (config.baseURL) {
      try {
        server = new URL(config.baseURL).origin;
      } catch {
        server = null;
      }
    }
    return { provider: "openai", model: config.model, server, keySet: Boolean(config.apiKey), problem: null };
  } catch (error) {
    return {
      provider: "openai",
      model: "",
      server: null,
      keySet: false,
      problem: error instanceof Error ? error.message : "Invalid model settings.",
    };
  }
}
