export { countTokens } from "./count";
