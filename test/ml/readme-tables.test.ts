/** The README's lists that the code defines: stale ones fail here. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { withModelParamsTable } from "../../src/ml/models/model-params-table.ts";
import { expectationKinds } from "../../src/ml/validate/parse-expectations.ts";

const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");

test("the README's model parameter table is the one the code generates", () => {
  assert.equal(readme, withModelParamsTable(readme), "run `npm run gen:model-params`");
});

test("the README lists every expectation kind, in order", () => {
  const listed = [...readme.matchAll(/^\| `(\w+)` \| .* \| .* \|$/gm)]
    .map((match) => match[1]!)
    .filter((kind) => (expectationKinds as string[]).includes(kind));
  assert.deepEqual(listed, expectationKinds);
});
