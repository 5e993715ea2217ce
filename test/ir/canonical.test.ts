import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalize, canonicalJson, jsonDigest } from "../../src/ir/canonical.ts";

class Point {
  constructor(
    readonly y: number,
    readonly x: number,
  ) {}
}

describe("canonicalJson", () => {
  const cases: [string, unknown][] = [
    ["sorted keys", { a: 1, b: { c: [1, 2, { d: null, e: "x" }] } }],
    ["unsorted keys", { b: 1, a: { d: 2, c: 3 } }],
    ["unsorted keys deep in an array", [{ a: 1 }, [{ z: 1, y: 2 }]]],
    ["an undefined value", { a: 1, b: undefined }],
    ["undefined in an array", [1, undefined, 3]],
    ["integer-like keys", { "10": 1, "9": 2, a: 3 }],
    ["a Date", { when: new Date(0) }],
    ["a class instance", { p: new Point(2, 1) }],
    ["a null-prototype object", Object.assign(Object.create(null), { b: 1, a: 2 })],
    ["scalars", "text"],
    ["null", null],
  ];
  for (const [what, value] of cases) {
    it(`is the sorted copy's JSON for ${what}`, () => {
      assert.equal(canonicalJson(value), JSON.stringify(canonicalize(value)));
      assert.equal(canonicalJson(value, 2), JSON.stringify(canonicalize(value), null, 2));
    });
  }

  it("gives the same text and digest whatever the key order", () => {
    assert.equal(canonicalJson({ a: 1, b: [{ c: 1, d: 2 }] }), canonicalJson({ b: [{ d: 2, c: 1 }], a: 1 }));
    assert.equal(jsonDigest({ a: 1, b: 2 }), jsonDigest({ b: 2, a: 1 }));
    assert.equal(jsonDigest({}), "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  });
});
