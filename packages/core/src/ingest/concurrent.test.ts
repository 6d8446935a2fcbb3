import { describe, expect, it } from "vitest";
import { TaskSlots } from "./concurrent";

/** A task the test finishes by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("TaskSlots", () => {
  it("runs at most `limit` tasks at once, and free() waits for a slot", async () => {
    const slots = new TaskSlots(2);
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let most = 0;
    const task = (i: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await gates[i]!.promise;
      running -= 1;
      return i;
    };
    const results: Promise<number>[] = [];
    for (let i = 0; i < 3; i++) {
      let waited = false;
      const free = slots.free().then(() => (waited = true));
      await tick();
      if (i < 2) expect(waited).toBe(true);
      else {
        expect(waited).toBe(false); // both slots busy
        gates[0]!.resolve();
        await free;
      }
      results.push(slots.run(`k${i}`, task(i)));
    }
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(most).toBe(2);
  });

  it("runs tasks with the same key one after the other, in order, even when one fails", async () => {
    const slots = new TaskSlots(4);
    const order: string[] = [];
    const first = deferred();
    const a = slots.run("doc", async () => {
      order.push("a start");
      await first.promise;
      order.push("a end");
      throw new Error("a failed");
    });
    const b = slots.run("doc", async () => {
      order.push("b");
      return "b done";
    });
    const other = slots.run("other", async () => {
      order.push("other");
    });
    await other;
    expect(order).toEqual(["a start", "other"]); // b waits for a; "other" does not
    first.resolve();
    await expect(a).rejects.toThrow("a failed");
    expect(await b).toBe("b done");
    expect(order).toEqual(["a start", "other", "a end", "b"]);
  });

  it("idle() waits for every task, failed ones included, without rejecting", async () => {
    const slots = new TaskSlots(3);
    const gate = deferred();
    let finished = 0;
    const ok = slots.run("x", async () => {
      await gate.promise;
      finished += 1;
    });
    const bad = slots.run("y", async () => {
      await gate.promise;
      finished += 1;
      throw new Error("boom");
    });
    bad.catch(() => {});
    let idle = false;
    const waiting = slots.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(finished).toBe(2);
    await ok;
  });

  it("rejects a limit that is not a positive integer", () => {
    expect(() => new TaskSlots(0)).toThrow(RangeError);
    expect(() => new TaskSlots(1.5)).toThrow(RangeError);
  });
});
