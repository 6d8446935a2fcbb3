import { describe, expect, it } from "vitest";
import { ScramProtocolError, ScramServerSession, scramVerifier } from "./scram";

// RFC 7677, section 3: the SCRAM-SHA-256 example exchange (user "user", password "pencil").
const RFC = {
  password: "pencil",
  salt: Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"),
  clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
  serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
  serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

function rfcSession(password = RFC.password): ScramServerSession {
  return new ScramServerSession(scramVerifier(password, { salt: RFC.salt, iterations: 4096 }), { serverNonce: RFC.serverNonce });
}

describe("SCRAM-SHA-256, server side", () => {
  it("runs RFC 7677's example exchange", () => {
    const session = rfcSession();
    expect(session.start(RFC.clientFirst)).toBe(RFC.serverFirst);
    expect(session.finish(RFC.clientFinal)).toBe(RFC.serverFinal);
  });

  it("refuses the proof of another password", () => {
    const session = rfcSession("not-pencil");
    session.start(RFC.clientFirst);
    expect(session.finish(RFC.clientFinal)).toBeNull();
  });

  it("refuses a proof replayed with another nonce, and a random one", () => {
    const session = new ScramServerSession(scramVerifier(RFC.password, { salt: RFC.salt }));
    session.start(RFC.clientFirst); // a random server nonce this time
    expect(() => session.finish(RFC.clientFinal)).toThrow(ScramProtocolError); // the nonce is not this exchange's

    const other = rfcSession();
    other.start(RFC.clientFirst);
    const forged = RFC.clientFinal.replace(/p=.*$/, `p=${Buffer.alloc(32, 7).toString("base64")}`);
    expect(other.finish(forged)).toBeNull();
  });

  it("accepts the client-first-message forms of node-postgres and libpq", () => {
    for (const first of ["n,,n=*,r=abc", "n,,n=,r=abc", "y,,n=,r=abc"]) {
      expect(new ScramServerSession(scramVerifier("x")).start(first)).toMatch(/^r=abc[^,]+,s=[^,]+,i=4096$/);
    }
  });

  it("rejects malformed messages, channel binding and authorization identities as protocol errors", () => {
    for (const first of [
      "",
      "n,n=user,r=abc",
      "p=tls-server-end-point,,n=,r=abc",
      "n,a=admin,n=,r=abc",
      "n,,m=ext,n=,r=abc",
      "n,,n=user",
      "x,,n=,r=abc",
    ]) {
      expect(() => new ScramServerSession(scramVerifier("x")).start(first), first).toThrow(ScramProtocolError);
    }
    const session = rfcSession();
    expect(() => session.finish(RFC.clientFinal)).toThrow(/before client-first-message/);
    session.start(RFC.clientFirst);
    expect(() => session.finish("c=biws,r=x")).toThrow(/no proof/);
    expect(() => session.finish(RFC.clientFinal.replace("c=biws", "c=eSws"))).toThrow(/channel binding/);
    expect(() => session.finish(RFC.clientFinal.replace(/p=.*$/, "p=AAAA"))).toThrow(/invalid proof/);
  });
});
