// The entry of a parse thread (./parse-thread.ts). Plain JavaScript, so that Node starts it whether or not the
// process that creates the thread loads TypeScript itself (vitest does not pass its loader on to threads); the
// parsers, in TypeScript, are loaded through tsx.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { serveParse } = await tsImport("./parse-thread.ts", import.meta.url);
// One request at a time: the parent sends the next only after this one's answer.
parentPort.on("message", async (request) => parentPort.postMessage(await serveParse(request)));
parentPort.postMessage({ type: "ready" });
