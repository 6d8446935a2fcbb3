import { createHash } from "node:crypto";

/** Which file a record goes to. */
export type SplitFile = "train" | "validation";

/**
 * The seeded train/validation split: a record goes to validation when sha256("<seed>:<key>") read as a fraction
 * of 1 is below `ratio`. The same seed always puts a record in the same file, whatever else is added or removed
 * (a new example never moves an old one across), and another seed gives another split. No random state.
 */
export function splitOf(seed: string, key: string, ratio: number): SplitFile {
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`The validation ratio must be between 0 and 1, not ${ratio}.`);
  return splitFraction(seed, key) < ratio ? "validation" : "train";
}

/** sha256("<seed>:<key>")'s first 48 bits as a fraction in [0, 1) (48 bits: exact in a double). */
export function splitFraction(seed: string, key: string): number {
  const digest = createHash("sha256").update(`${seed}:${key}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
