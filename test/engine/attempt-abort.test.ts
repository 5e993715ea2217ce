import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AttemptAbort } from "../../src/engine/attempt-abort.ts";

describe("AttemptAbort", () => {
  it("aborts a signal made before the abort, with the reason", () => {
    const abort = new AttemptAbort();
    const signal = abort.signal;
    assert.equal(signal.aborted, false);
    const reason = new Error("timed out");
    abort.abort(reason);
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason, reason);
    assert.equal(abort.signal, signal);
  });

  it("gives an aborted signal when it is first read after the abort", () => {
    const abort = new AttemptAbort();
    const reason = new Error("cancelled");
    abort.abort(reason);
    assert.equal(abort.signal.aborted, true);
    assert.equal(abort.signal.reason, reason);
  });

  it("keeps the first reason", () => {
    const abort = new AttemptAbort();
    const first = new Error("first");
    abort.abort(first);
    abort.abort(new Error("second"));
    assert.equal(abort.reason, first);
  });

  it("races work: its result when it ends first", async () => {
    const abort = new AttemptAbort();
    assert.equal(await abort.race(Promise.resolve(42)), 42);
    await assert.rejects(abort.race(Promise.reject(new Error("boom"))), /boom/);
  });

  it("races work: rejects at the abort, though the work never ends", async () => {
    const abort = new AttemptAbort();
    const never = new Promise<number>(() => {});
    const raced = abort.race(never);
    const reason = new Error("timed out");
    setTimeout(() => abort.abort(reason), 5);
    await assert.rejects(raced, (e) => e === reason);
  });

  it("races work after the abort: rejects at once", async () => {
    const abort = new AttemptAbort();
    abort.abort(new Error("cancelled"));
    await assert.rejects(abort.race(new Promise(() => {})), /cancelled/);
  });
});
