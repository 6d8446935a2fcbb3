// Frontend messages of the PostgreSQL wire protocol, written out for tests that talk to a server byte by byte.

/** A message from the server: its one-letter type and its body. */
export interface BackendMessage {
  type: string;
  body: Buffer;
}

/** A startup message (protocol 3.0) with these parameters. */
export function startupMessage(parameters: Record<string, string> = { user: "postgres", database: "postgres" }): Buffer {
  const body = Buffer.from(
    `${Object.entries(parameters)
      .flatMap(([k, v]) => [k, v])
      .join("\0")}\0\0`,
    "utf8",
  );
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(196608, 4);
  return Buffer.concat([header, body]);
}

/** A typed message: `type`, then its length, then `body`. */
export function typed(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}
