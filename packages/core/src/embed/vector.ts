/** Small vector helpers shared by the embedders (and useful to retrieval, e.g. for MMR). */

/** Scales `v` in place to unit L2 length; an all-zero vector stays all-zero. Returns `v`. */
export function normalizeInPlace<T extends number[] | Float64Array | Float32Array>(v: T): T {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  }
  return v;
}

/** Cosine similarity in [-1, 1]; 0 when either vector is all-zero. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Reads a pgvector `vector` in its binary wire format, as `vector_send(embedding)` returns it: a 16-bit
 * dimension count, 16 unused bits, then the components as big-endian float4.
 *
 * The `pgvector` package reads only the text format. Search fetches the candidates' vectors (for MMR) this
 * way because printing the candidates' vectors as text costs the embedded server a noticeable share of a
 * search, and parsing the text costs the client about as much again.
 */
export function vectorFromBinary(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new RangeError("vectorFromBinary: fewer than 4 bytes");
  const dimensions = view.getUint16(0);
  if (bytes.byteLength !== 4 + 4 * dimensions) {
    throw new RangeError(`vectorFromBinary: ${bytes.byteLength} bytes for ${dimensions} dimensions`);
  }
  const out = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = view.getFloat32(4 + 4 * i);
  return out;
}
