/**
 * How every Lore setting that is a switch is read, in every package and script: zod's `stringbool`
 * (true/1/yes/on/y/enabled and false/0/no/off/n/disabled, any case). One parser, so `off` means off everywhere.
 */
import { z } from "zod";

const MESSAGE = "expected true or false (also 1/0, yes/no, on/off)";

/** A switch setting whose default depends on other settings: unset or empty is `undefined`. */
export function optionalBooleanSetting() {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.stringbool({ error: MESSAGE }).optional());
}

/** A switch setting: unset or empty takes `fallback`; anything but a known true or false word is an error. */
export function booleanSetting(fallback: boolean) {
  return optionalBooleanSetting().transform((v) => v ?? fallback);
}

/**
 * Reads one switch outside a zod schema (the scripts' own settings). Throws with the variable's name when the
 * value is not a switch.
 */
export function readBooleanSetting(name: string, value: string | undefined, fallback: boolean): boolean {
  const result = booleanSetting(fallback).safeParse(value);
  if (!result.success) throw new Error(`${name}: ${result.error.issues[0]?.message ?? "invalid"} (got "${value}")`);
  return result.data;
}
