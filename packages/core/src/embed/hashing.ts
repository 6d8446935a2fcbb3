// One file on purpose (past the usual size): the features, their weights and the hashing are one algorithm,
// versioned as a whole by HASHING_ALGORITHM_VERSION; a change anywhere in it means re-embedding.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { STOP_WORDS } from "./stopwords";
import { EmbeddingError, type Embedder } from "./types";
import { normalizeInPlace } from "./vector";

/**
 * The offline default embedder: deterministic feature hashing ("the hashing trick"), no model files, no network.
 *
 * A text becomes a bag of features — words, word bigrams and character n-grams of words — and each feature is hashed
 * to one of `dimensions` buckets with a hash-derived sign (signed hashing keeps collisions unbiased: colliding
 * features cancel on average instead of piling up). Term counts are dampened (1 + ln tf), each feature family is
 * normalised on its own and mixed with fixed weights, and the result is L2-normalised, so cosine similarity measures
 * lexical overlap: exact words and phrases through unigrams and bigrams, inflections, compounds and typos through the
 * character n-grams ("reimbursement" ≈ "reimbursed"). It is not semantic (no synonyms) — hybrid search pairs it with
 * full-text search, and a real model can be configured instead.
 *
 * Text handling, in order:
 * - Unicode NFKC: canonical composition (so "bán" typed as b + a + U+0301 equals the precomposed "bán") plus
 *   compatibility folding (full-width "ＡＢＣ１２" → "ABC12", the "ﬁ" ligature that PDF extraction leaves → "fi").
 *   Diacritics are kept: in Vietnamese "bán" (sell), "bàn" (table) and "bạn" (friend) are different words.
 * - Lower case (locale-independent, so results do not depend on the machine's locale).
 * - Words from `Intl.Segmenter` (word granularity): spaces for Vietnamese and other spaced scripts, ICU's dictionaries
 *   for Japanese, Chinese, Thai, Lao, Khmer and Myanmar, which have no spaces between words.
 *
 * Determinism: the same text always gives the same vector, in every process, because the hash is a fixed function
 * written here (see `fnv1a32`), and the vector's `id` encodes the algorithm version, dimensions and any non-default
 * option. One caveat: ICU's word dictionaries (used for Thai/CJK segmentation) ship with Node and can change between
 * major Node versions; spaced scripts are unaffected. Bump HASHING_ALGORITHM_VERSION whenever the output changes.
 */

/** Bump when any change alters the vectors: the id changes with it, which triggers a re-embedding of stored chunks. */
export const HASHING_ALGORITHM_VERSION = 1;
export const DEFAULT_HASHING_DIMENSIONS = 384;

export interface HashingFeatureWeights {
  /** Whole words. */
  unigram: number;
  /** Adjacent word pairs: phrases like "annual leave", "sick pay". */
  bigram: number;
  /** Character n-grams inside words, with boundary markers: morphology and typo tolerance. */
  charNgram: number;
}

export interface HashingEmbedderOptions {
  /** Vector length; 384 by default (the database column's size). */
  dimensions?: number;
  /** Relative weights of the three feature families (each family is unit-normalised before mixing). */
  weights?: Partial<HashingFeatureWeights>;
  /** Character n-gram lengths, in UTF-16 code units, counting the "<" and ">" word-boundary markers. Default 3–5. */
  charNgramMin?: number;
  charNgramMax?: number;
  /** Multiplier for features of English/Vietnamese function words ("the", "của"); 1 disables. Default 0.25. */
  stopWordWeight?: number;
}

export const DEFAULT_HASHING_WEIGHTS: Readonly<HashingFeatureWeights> = Object.freeze({
  unigram: 1,
  bigram: 0.3,
  charNgram: 1.5,
});
const DEFAULTS = Object.freeze({ charNgramMin: 3, charNgramMax: 5, stopWordWeight: 0.25 });

/** Words longer than this (URLs, hashes, base64) get no character n-grams: they would flood the vector with noise. */
const MAX_NGRAM_WORD_LENGTH = 40;
/** Documents embedded between two yields to the event loop, so a large batch does not stall timers and heartbeats. */
const YIELD_EVERY = 128;

// Per-family seeds, so the word "the" and the trigram "the" land in unrelated buckets.
const SEED_UNIGRAM = 0x2545f491;
const SEED_BIGRAM = 0x9e3779b9;
const SEED_CHAR = 0x7f4a7c15;

/**
 * 32-bit FNV-1a over UTF-16 code units. Written here rather than imported because it is four lines, and because the
 * stored vectors depend on every bit of it: a dependency that "improved" its hash in a minor release would silently
 * make every stored vector incomparable with new queries. (Math.imul keeps the multiply in 32-bit integer arithmetic.)
 */
export function fnv1a32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * MurmurHash3's 32-bit finaliser: FNV-1a's low bits are weak for short inputs, and the bucket and sign are both taken
 * from the hash, so every output bit must depend on every input bit.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// One segmenter for the process: it holds no state between calls. A fixed locale keeps results machine-independent.
const segmenter = new Intl.Segmenter("und", { granularity: "word" });

// Feature kinds: family × (ordinary | stop-word-derived). Stop-word features are kept apart to be down-weighted.
const UNIGRAM = 0;
const BIGRAM = 2;
const CHAR = 4;
const STOP = 1;

/**
 * Counts the features of one text: an open-addressing hash table over typed arrays, keyed by (32-bit hash, kind).
 *
 * Why not a `Map<number, number>`: the keys are full 32-bit hashes, outside V8's small-integer range, so a Map boxes
 * every key; measured on 400-token chunks, the whole embedder ran at about half this speed with Maps. Slots are
 * "cleared" by bumping a generation stamp, so resetting between texts costs nothing however large the table grew.
 * Counts are read back in insertion order, which keeps the floating-point sums (and so the vectors) reproducible.
 */
class FeatureCounter {
  private mask: number;
  private keys: Uint32Array;
  private kinds: Uint8Array;
  private counts: Uint32Array;
  private stamps: Uint32Array;
  private generation = 1;
  /** Slots in use, in insertion order, so reading the counts never scans the whole table. */
  private used: Uint32Array;
  size = 0;

  constructor(capacity = 1 << 14) {
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.stamps = new Uint32Array(capacity);
    this.used = new Uint32Array(capacity >>> 1);
  }

  reset(): void {
    this.size = 0;
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  add(key: number, kind: number): void {
    if (this.size >= this.used.length) this.grow();
    const { keys, kinds, stamps, mask, generation } = this;
    let slot = key & mask; // keys are already well mixed (fmix32): their low bits are a fine starting slot
    for (;;) {
      if (stamps[slot] !== generation) {
        stamps[slot] = generation;
        keys[slot] = key;
        kinds[slot] = kind;
        this.counts[slot] = 1;
        this.used[this.size++] = slot;
        return;
      }
      if (keys[slot] === key && kinds[slot] === kind) {
        this.counts[slot]!++;
        return;
      }
      slot = (slot + 1) & mask; // linear probing; the table is kept at most half full
    }
  }

  /** Calls `visit` once per distinct feature with its count. */
  forEach(visit: (key: number, kind: number, count: number) => void): void {
    for (let i = 0; i < this.size; i++) {
      const slot = this.used[i]!;
      visit(this.keys[slot]!, this.kinds[slot]!, this.counts[slot]!);
    }
  }

  private grow(): void {
    const entries: [number, number, number][] = [];
    this.forEach((key, kind, count) => entries.push([key, kind, count]));
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.stamps = new Uint32Array(capacity);
    this.used = new Uint32Array(capacity >>> 1);
    this.generation = 1;
    this.size = 0;
    for (const [key, kind, count] of entries) {
      this.add(key, kind);
      this.counts[this.used[this.size - 1]!] = count;
    }
  }
}

function validateOptions(options: HashingEmbedderOptions) {
  const dimensions = options.dimensions ?? DEFAULT_HASHING_DIMENSIONS;
  if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 16_000) {
    throw new EmbeddingError(
      "CONFIG",
      `EMBEDDING_DIMENSIONS must be an integer between 8 and 16000 for the hashing embedder (got ${dimensions}).`,
    );
  }
  const weights = { ...DEFAULT_HASHING_WEIGHTS, ...options.weights };
  for (const [name, value] of Object.entries(weights)) {
    if (!Number.isFinite(value) || value < 0)
      throw new EmbeddingError("CONFIG", `Hashing embedder weight "${name}" must be a number >= 0 (got ${value}).`);
  }
  if (weights.unigram + weights.bigram + weights.charNgram === 0)
    throw new EmbeddingError("CONFIG", "Hashing embedder weights cannot all be 0.");
  const charNgramMin = options.charNgramMin ?? DEFAULTS.charNgramMin;
  const charNgramMax = options.charNgramMax ?? DEFAULTS.charNgramMax;
  if (
    !Number.isInteger(charNgramMin) ||
    !Number.isInteger(charNgramMax) ||
    charNgramMin < 1 ||
    charNgramMax < charNgramMin ||
    charNgramMax > 10
  ) {
    throw new EmbeddingError(
      "CONFIG",
      `Character n-gram lengths must satisfy 1 <= min <= max <= 10 (got ${charNgramMin}–${charNgramMax}).`,
    );
  }
  const stopWordWeight = options.stopWordWeight ?? DEFAULTS.stopWordWeight;
  if (!Number.isFinite(stopWordWeight) || stopWordWeight < 0 || stopWordWeight > 1) {
    throw new EmbeddingError("CONFIG", `stopWordWeight must be between 0 and 1 (got ${stopWordWeight}).`);
  }
  return { dimensions, weights, charNgramMin, charNgramMax, stopWordWeight };
}

export class HashingEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly weights: HashingFeatureWeights;
  private readonly charNgramMin: number;
  private readonly charNgramMax: number;
  private readonly stopWordWeight: number;
  // Scratch space reused across texts (embedding is synchronous, so there is no concurrent use).
  private readonly counter = new FeatureCounter();
  private readonly codes = new Uint16Array(MAX_NGRAM_WORD_LENGTH + 2);
  private readonly blocks: Float64Array;

  constructor(options: HashingEmbedderOptions = {}) {
    const o = validateOptions(options);
    this.dimensions = o.dimensions;
    this.weights = o.weights;
    this.charNgramMin = o.charNgramMin;
    this.charNgramMax = o.charNgramMax;
    this.stopWordWeight = o.stopWordWeight;
    this.blocks = new Float64Array(3 * o.dimensions);
    // Non-default tuning produces different vectors, so it must produce a different id.
    const tuning = JSON.stringify([
      o.weights.unigram,
      o.weights.bigram,
      o.weights.charNgram,
      o.charNgramMin,
      o.charNgramMax,
      o.stopWordWeight,
    ]);
    const defaults = JSON.stringify([
      DEFAULT_HASHING_WEIGHTS.unigram,
      DEFAULT_HASHING_WEIGHTS.bigram,
      DEFAULT_HASHING_WEIGHTS.charNgram,
      DEFAULTS.charNgramMin,
      DEFAULTS.charNgramMax,
      DEFAULTS.stopWordWeight,
    ]);
    const suffix = tuning === defaults ? "" : `-${fnv1a32(tuning).toString(16).padStart(8, "0")}`;
    this.id = `hashing-v${HASHING_ALGORITHM_VERSION}-${o.dimensions}${suffix}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i++) {
      if (i > 0 && i % YIELD_EVERY === 0) await yieldToEventLoop();
      out.push(this.embedSync(texts[i]!));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }

  /** The vector of one text, computed synchronously (a few hundred microseconds for a 400-token chunk). */
  embedSync(text: string): number[] {
    if (typeof text !== "string") throw new TypeError("HashingEmbedder: text must be a string");
    this.counter.reset();
    this.extractFeatures(text);
    return this.project();
  }

  private extractFeatures(text: string): void {
    const counter = this.counter;
    const normalised = text.normalize("NFKC").toLowerCase();
    const useStopWords = this.stopWordWeight < 1;
    let previous = 0;
    let previousStop = false;
    let havePrevious = false;

    for (const segment of segmenter.segment(normalised)) {
      if (!segment.isWordLike) continue;
      const word = segment.segment;
      const stop = useStopWords && STOP_WORDS.has(word);
      const wordHash = fnv1a32(word);

      counter.add(fmix32(wordHash ^ SEED_UNIGRAM), stop ? UNIGRAM | STOP : UNIGRAM);
      if (havePrevious) {
        // Order matters ("leave annual" ≠ "annual leave"): the first word's hash is multiplied before mixing.
        const pair = fmix32((Math.imul(previous, 0x27d4eb2d) ^ wordHash ^ SEED_BIGRAM) >>> 0);
        counter.add(pair, stop || previousStop ? BIGRAM | STOP : BIGRAM);
      }
      previous = wordHash;
      previousStop = stop;
      havePrevious = true;

      this.addCharNgrams(word, stop ? CHAR | STOP : CHAR);
    }
  }

  /** Character n-grams of "<word>"; the markers distinguish prefixes and suffixes ("<re", "ing>") from infixes. */
  private addCharNgrams(word: string, kind: number): void {
    const length = word.length;
    if (length > MAX_NGRAM_WORD_LENGTH) return;
    const codes = this.codes;
    codes[0] = 0x3c; // "<"
    let numeric = true;
    for (let i = 0; i < length; i++) {
      const c = word.charCodeAt(i);
      codes[i + 1] = c;
      // Digits, "." and "," only: numbers are matched as whole tokens; their n-grams ("<20", "202") are noise.
      if (numeric && !((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2c)) numeric = false;
    }
    if (numeric) return;
    const total = length + 2;
    codes[total - 1] = 0x3e; // ">"

    const min = this.charNgramMin;
    const max = this.charNgramMax;
    const counter = this.counter;
    for (let start = 0; start + min <= total; start++) {
      // Extend one hash across lengths min..max instead of rehashing each n-gram from scratch.
      let h = (0x811c9dc5 ^ SEED_CHAR) >>> 0;
      const end = Math.min(start + max, total);
      for (let i = start; i < end; i++) {
        h ^= codes[i]!;
        h = Math.imul(h, 0x01000193);
        if (i - start + 1 >= min) counter.add(fmix32(h >>> 0), kind);
      }
    }
  }

  /** Signed hashing into one block per family, per-family normalisation, weighted mix, final L2 normalisation. */
  private project(): number[] {
    const dims = this.dimensions;
    const blocks = this.blocks;
    blocks.fill(0);
    const stopFactor = this.stopWordWeight;
    this.counter.forEach((key, kind, tf) => {
      // Low bit → sign, the other 31 bits → bucket: independent parts of a well-mixed hash.
      const weight = (kind & STOP ? stopFactor : 1) * (1 + Math.log(tf));
      blocks[(kind >>> 1) * dims + ((key >>> 1) % dims)]! += key & 1 ? -weight : weight;
    });

    // Normalising each family first makes the weights mean the same thing for a 5-word query and a 400-token chunk
    // (a chunk has ~15 character n-grams per word, which would otherwise drown its words).
    const familyWeights = [this.weights.unigram, this.weights.bigram, this.weights.charNgram];
    const vector = new Array<number>(dims).fill(0);
    for (let block = 0; block < 3; block++) {
      const offset = block * dims;
      let sum = 0;
      for (let i = 0; i < dims; i++) sum += blocks[offset + i]! * blocks[offset + i]!;
      if (sum === 0) continue;
      const scale = familyWeights[block]! / Math.sqrt(sum);
      for (let i = 0; i < dims; i++) vector[i]! += blocks[offset + i]! * scale;
    }
    return normalizeInPlace(vector);
  }
}

export function createHashingEmbedder(options: HashingEmbedderOptions = {}): HashingEmbedder {
  return new HashingEmbedder(options);
}
