import { describe, expect, it } from "vitest";
import { FrontendMessageFramer, pgliteNetServer } from "./message-framing";

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const untyped = (code: number, body = Buffer.alloc(0)) => Buffer.concat([int32(8 + body.length), int32(code), body]);
const typed = (type: string, body: Buffer) => Buffer.concat([Buffer.from(type), int32(4 + body.length), body]);

const SSL_REQUEST = untyped(80877103);
const STARTUP = untyped(196608, Buffer.from("user\0postgres\0\0"));
const query = (sql: string) => typed("Q", Buffer.from(`${sql}\0`));

/** Feeds `stream` in pieces of `size` bytes; returns what the framer delivered. */
function feed(framer: FrontendMessageFramer, stream: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < stream.length; i += size) {
    const delivered = framer.push(stream.subarray(i, i + size));
    if (delivered) out.push(delivered);
  }
  return out;
}

describe("FrontendMessageFramer", () => {
  it("delivers whole messages only, whatever the chunking, and the stream unchanged", () => {
    const big = query(`SELECT '${"x".repeat(100_000)}'`);
    const stream = Buffer.concat([SSL_REQUEST, STARTUP, query("SELECT 1"), big, query("SELECT 2")]);
    const boundaries = new Set([SSL_REQUEST.length, SSL_REQUEST.length + STARTUP.length]);
    let end = SSL_REQUEST.length + STARTUP.length;
    for (const m of [query("SELECT 1"), big, query("SELECT 2")]) boundaries.add((end += m.length));
    for (const size of [1, 3, 7, 64, 1000, 65_536, stream.length]) {
      const delivered = feed(new FrontendMessageFramer(), stream, size);
      expect(Buffer.concat(delivered).equals(stream), `chunks of ${size}`).toBe(true);
      let offset = 0;
      for (const piece of delivered) {
        offset += piece.length;
        expect(boundaries.has(offset), `chunks of ${size}: a delivery ends at ${offset}, inside a message`).toBe(true);
      }
    }
  });

  it("holds a large message until its last byte, then delivers it in one piece", () => {
    const framer = new FrontendMessageFramer();
    expect(framer.push(STARTUP)?.equals(STARTUP)).toBe(true);
    const big = query(`SELECT '${"y".repeat(1_000_000)}'`);
    const pieces = feed(framer, big, 16_384);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.equals(big)).toBe(true);
  });

  it("reads typed messages after the startup message, and delivers several complete ones together", () => {
    const framer = new FrontendMessageFramer();
    framer.push(STARTUP);
    // Bytes 4-7 of this Bind (the length's last byte, 0, then 3, 0, 0) read as protocol 3.0; after startup they
    // must not be taken for an untyped message's code.
    const bind = typed("B", Buffer.concat([Buffer.from([3, 0, 0]), Buffer.alloc(249)]));
    expect(bind.readInt32BE(4)).toBe(196608);
    const sync = typed("S", Buffer.alloc(0));
    const both = Buffer.concat([bind, sync]);
    expect(framer.push(both.subarray(0, bind.length + 2))?.equals(bind)).toBe(true);
    expect(framer.push(both.subarray(bind.length + 2))?.equals(sync)).toBe(true);
  });

  it("passes a stream with an impossible length straight through, for the server to reject", () => {
    const framer = new FrontendMessageFramer();
    framer.push(STARTUP);
    const garbage = Buffer.from([0x51, 0, 0, 0, 1, 0x41]);
    expect(framer.push(garbage)?.equals(garbage)).toBe(true);
    expect(framer.push(Buffer.from("more"))?.toString()).toBe("more");
  });
});

describe("pgliteNetServer", () => {
  it("fails loudly when pglite-socket no longer keeps its net.Server where we reach for it", () => {
    expect(() => pgliteNetServer({})).toThrow(/pglite-socket's internals changed/);
    expect(() => pgliteNetServer({ server: "not a server" })).toThrow(/pglite-socket's internals changed/);
  });
});
