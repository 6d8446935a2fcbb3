import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * The server side of SCRAM-SHA-256 (RFC 5802 and RFC 7677) as PostgreSQL uses it for password authentication
 * (https://www.postgresql.org/docs/current/sasl-authentication.html). The password never crosses the wire: the
 * client proves it knows it, and the server proves it knows the verifier, over a nonce that is new every time.
 *
 * The server keeps only the verifier (salt, iteration count, StoredKey, ServerKey), computed once when it starts.
 * Without TLS there is no channel binding (no SCRAM-SHA-256-PLUS). The password is not SASLprep-normalized
 * here: the embedded server's passwords are printable ASCII, which SASLprep leaves unchanged (see
 * embedded-auth.ts, which refuses any other).
 */

export const SCRAM_SHA_256 = "SCRAM-SHA-256";
/** PostgreSQL's default (`scram_iterations`). */
export const DEFAULT_SCRAM_ITERATIONS = 4096;

export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** A malformed or unexpected SCRAM message: a protocol violation, not a wrong password. */
export class ScramProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScramProtocolError";
  }
}

const hmac = (key: Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();
const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();

/** What the server keeps of `password`. A new random salt unless one is given. */
export function scramVerifier(password: string, options: { salt?: Buffer; iterations?: number } = {}): ScramVerifier {
  const salt = options.salt ?? randomBytes(16);
  const iterations = options.iterations ?? DEFAULT_SCRAM_ITERATIONS;
  const saltedPassword = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  return {
    salt,
    iterations,
    storedKey: sha256(hmac(saltedPassword, "Client Key")),
    serverKey: hmac(saltedPassword, "Server Key"),
  };
}

/** `a=1,b=2` → [["a","1"],["b","2"]]; each attribute a single letter. */
function attributes(text: string, what: string): Array<[string, string]> {
  return text.split(",").map((part) => {
    if (!/^[A-Za-z]=/.test(part)) throw new ScramProtocolError(`malformed ${what}: attribute expected, got "${part.slice(0, 20)}"`);
    return [part[0]!, part.slice(2)];
  });
}

function expectAttribute(list: Array<[string, string]>, index: number, name: string, what: string): string {
  const entry = list[index];
  if (!entry || entry[0] !== name) throw new ScramProtocolError(`malformed ${what}: attribute "${name}" expected`);
  return entry[1];
}

// Printable ASCII except the comma (RFC 5802's `printable`).
const NONCE = /^[\x21-\x2b\x2d-\x7e]+$/;

/**
 * One authentication exchange, server side: {@link start} answers the client's first message, {@link finish} checks
 * its proof. Malformed messages throw {@link ScramProtocolError}.
 */
export class ScramServerSession {
  private gs2Header: string | null = null;
  private clientFirstBare = "";
  private serverFirst = "";
  private nonce = "";

  constructor(
    private readonly verifier: ScramVerifier,
    private readonly options: { serverNonce?: string } = {},
  ) {}

  /** Takes client-first-message (`n,,n=user,r=nonce`), returns server-first-message (`r=…,s=…,i=…`). */
  start(clientFirst: string): string {
    if (this.gs2Header !== null) throw new ScramProtocolError("unexpected second client-first-message");
    // gs2-header: channel-binding flag, then an authorization identity (which PostgreSQL does not support either).
    const first = clientFirst.indexOf(",");
    const second = first < 0 ? -1 : clientFirst.indexOf(",", first + 1);
    if (second < 0) throw new ScramProtocolError("malformed client-first-message: no GS2 header");
    const flag = clientFirst.slice(0, first);
    if (flag.startsWith("p=")) throw new ScramProtocolError("channel binding is not supported (no SSL): use SCRAM-SHA-256");
    if (flag !== "n" && flag !== "y") throw new ScramProtocolError("malformed client-first-message: unknown channel binding flag");
    if (second !== first + 1) throw new ScramProtocolError("an authorization identity is not supported");

    const bare = clientFirst.slice(second + 1);
    const list = attributes(bare, "client-first-message");
    if (list[0]?.[0] === "m") throw new ScramProtocolError("SCRAM extensions are not supported");
    expectAttribute(list, 0, "n", "client-first-message"); // ignored, as by PostgreSQL: the startup message names the user
    const clientNonce = expectAttribute(list, 1, "r", "client-first-message");
    if (!NONCE.test(clientNonce)) throw new ScramProtocolError("malformed client-first-message: invalid nonce");

    const serverNonce = this.options.serverNonce ?? randomBytes(18).toString("base64");
    this.gs2Header = clientFirst.slice(0, second + 1);
    this.clientFirstBare = bare;
    this.nonce = clientNonce + serverNonce;
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString("base64")},i=${this.verifier.iterations}`;
    return this.serverFirst;
  }

  /**
   * Takes client-final-message (`c=…,r=…,p=proof`): server-final-message (`v=signature`) when the proof shows the
   * client knows the password, null when it does not.
   */
  finish(clientFinal: string): string | null {
    if (this.gs2Header === null) throw new ScramProtocolError("client-final-message before client-first-message");
    const proofAt = clientFinal.lastIndexOf(",p=");
    if (proofAt < 0) throw new ScramProtocolError("malformed client-final-message: no proof");
    const withoutProof = clientFinal.slice(0, proofAt);
    const list = attributes(withoutProof, "client-final-message");
    const binding = Buffer.from(expectAttribute(list, 0, "c", "client-final-message"), "base64");
    if (!binding.equals(Buffer.from(this.gs2Header, "utf8"))) throw new ScramProtocolError("channel binding does not match");
    if (expectAttribute(list, 1, "r", "client-final-message") !== this.nonce) throw new ScramProtocolError("nonce does not match");
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), "base64");
    if (proof.length !== 32) throw new ScramProtocolError("malformed client-final-message: invalid proof");

    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.verifier.storedKey, authMessage);
    const clientKey = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    if (!timingSafeEqual(sha256(clientKey), this.verifier.storedKey)) return null;
    return `v=${hmac(this.verifier.serverKey, authMessage).toString("base64")}`;
  }
}
