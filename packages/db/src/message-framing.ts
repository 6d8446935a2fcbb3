import { Server } from "node:net";

/*
 * Why this exists
 * ---------------
 * pglite-socket (0.2.17) appends every TCP chunk a client sends to its buffer with `Buffer.concat`, which
 * copies everything buffered so far, and then looks for complete messages. A message of n bytes arriving in
 * chunks of c bytes is therefore copied about n²/2c times: a 40 MB upload (a 53 MB text parameter) took 54 s
 * through the socket against 3.3 s for the same INSERT run in process, and the single-session server answers
 * nobody else meanwhile.
 *
 * The fix, without forking the library: each accepted socket hands pglite-socket whole frontend messages. Its
 * chunks are kept in a list and joined once, when the messages they hold are complete, so pglite-socket's
 * buffer is empty at every call and its concat copies each byte once. The framer is applied by the password
 * check in front of the library (embedded-auth.ts), which needs whole messages too.
 */

const PROTOCOL_3 = 3; // StartupMessage codes are the protocol version, major << 16 | minor
const UNTYPED_HEADER = 8; // int32 length (itself included) + int32 code: startup, SSL, GSSAPI and cancel requests
const TYPED_HEADER = 5; // type byte + int32 length (itself included, the type byte not)

/**
 * Splits one client's byte stream into runs of complete frontend messages. Before the startup message the
 * client sends untyped messages (an SSL or GSSAPI request, answered with one byte, may come first); after it,
 * every message is a type byte and a length.
 */
export class FrontendMessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes at the front of `chunks` that form complete messages. */
  private complete = 0;
  /** Length of the message that starts at `complete`, once its header has arrived. */
  private nextLength: number | null = null;
  private untyped = true;
  /** Set once the stream stops making sense: bytes then pass straight through, for the server to reject. */
  private passThrough = false;

  /** Takes a chunk; returns the complete messages now available (joined), or null while one is still partial. */
  push(chunk: Buffer): Buffer | null {
    if (this.passThrough) return chunk;
    if (chunk.length === 0) return null;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.nextLength === null) {
        const header = this.untyped ? UNTYPED_HEADER : TYPED_HEADER;
        if (this.buffered - this.complete < header) break;
        const declared = this.untyped ? this.int32At(this.complete) : this.int32At(this.complete + 1);
        // A length no valid message has: stop framing and pass the bytes on, for the server to reject.
        if (declared < 4) {
          this.passThrough = true;
          return this.flush(this.buffered);
        }
        this.nextLength = this.untyped ? declared : declared + 1;
      }
      if (this.buffered - this.complete < this.nextLength) break;
      if (this.untyped && this.nextLength >= UNTYPED_HEADER && this.int32At(this.complete + 4) >>> 16 === PROTOCOL_3) this.untyped = false;
      this.complete += this.nextLength;
      this.nextLength = null;
    }
    return this.complete > 0 ? this.flush(this.complete) : null;
  }

  /**
   * Removes and returns the first `bytes` buffered bytes, joined once. What stays is the start of the next
   * message, whose length (if its header is in) stays known: offsets count from it now.
   */
  private flush(bytes: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const rest = all.subarray(bytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    this.complete = 0;
    return all.subarray(0, bytes);
  }

  /** The big-endian int32 at `offset` of the buffered bytes (which may span chunks). */
  private int32At(offset: number): number {
    let value = 0;
    for (let i = 0; i < 4; i++) value = (value << 8) | this.byteAt(offset + i);
    return value;
  }

  private byteAt(offset: number): number {
    for (const chunk of this.chunks) {
      if (offset < chunk.length) return chunk[offset]!;
      offset -= chunk.length;
    }
    throw new RangeError("offset beyond the buffered bytes");
  }
}

/**
 * The `net.Server` inside a started pglite-socket server, whose connections embedded-auth.ts authenticates and then
 * hands to the library in whole messages ({@link FrontendMessageFramer}). It is private to the library: the version
 * is pinned, and a version without one fails here, at start.
 */
export function pgliteNetServer(socketServer: object): Server {
  const netServer = (socketServer as { server?: unknown }).server;
  if (!(netServer instanceof Server)) {
    throw new Error("pglite-socket's internals changed (no net.Server at .server): update packages/db/src/message-framing.ts.");
  }
  return netServer;
}
