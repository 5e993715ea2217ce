import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newId, newRunId } from "../../src/store/ids.ts";

const BASE32 = /^[0-9abcdefghjkmnpqrstvwxyz]+$/;

describe("ids", () => {
  it("are lowercase Crockford base32 of fixed length: 25 characters, 13 for runs", () => {
    for (let i = 0; i < 1000; i++) {
      const id = newId();
      const run = newRunId();
      assert.equal(id.length, 25);
      assert.equal(run.length, 13);
      assert.match(id, BASE32);
      assert.match(run, BASE32);
    }
  });

  it("sort in creation order, also when many are made in one millisecond", () => {
    // Far more ids than the random pool holds bytes, so it is refilled several times.
    const ids = Array.from({ length: 20_000 }, () => newId());
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it("start with the time they were made", () => {
    const before = Date.now();
    const id = newId();
    let ms = 0;
    for (const c of id.slice(0, 9)) ms = ms * 32 + "0123456789abcdefghjkmnpqrstvwxyz".indexOf(c);
    assert.ok(ms >= before && ms <= Date.now() + 1, `${id} encodes ${ms}, made at ${before}`);
  });
});
