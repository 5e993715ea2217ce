import assert from "node:assert/strict";
import { test } from "node:test";
import { cacheKey, cacheKeyParts } from "../../src/engine/cache-key.ts";
import { jsonDigest } from "../../src/ir/canonical.ts";
import type { ComponentIR } from "../../src/ir/schema.ts";

const component = (version?: string): ComponentIR => ({
  name: "train",
  ...(version === undefined ? {} : { version }),
  module: "pipelines/train.ts",
  export: "train",
  codeDigest: `sha256:${"c".repeat(64)}`,
  inputs: {},
  outputs: {},
});

test("a cache key is the digest of its parts' canonical JSON, so keys stored by earlier versions still hit", () => {
  const cases = [
    cacheKeyParts(component(), {}, {}, {}),
    cacheKeyParts(component("2"), { z: 1, a: { y: [1, { b: 2, a: null }], x: "é\n\"" } }, { data: "sha256:aa", parts: ["sha256:b", "sha256:a"] }, { config: "missing" }),
  ];
  for (const parts of cases) {
    assert.equal(cacheKey(parts), jsonDigest(parts));
    assert.equal(cacheKey(parts), cacheKey(structuredClone(parts)), "the same parts, another object");
  }
  const ir = component();
  assert.notEqual(cacheKey(cacheKeyParts(ir, { n: 1 }, {}, {})), cacheKey(cacheKeyParts(ir, { n: 2 }, {}, {})));
});
