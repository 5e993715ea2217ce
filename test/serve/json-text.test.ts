/** The answers' JSON text, written directly, is byte for byte what JSON.stringify writes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json } from "../../src/json.ts";
import { jsonList, numberList, predictionsText } from "../../src/serve/json-text.ts";

describe("answers' JSON text", () => {
  const numbers = [0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

  it("writes numbers as JSON.stringify does, non-finite ones as null", () => {
    assert.equal(numberList(Float64Array.from(numbers)), JSON.stringify(numbers));
    assert.equal(numberList(new Float64Array(0)), "[]");
  });

  it("writes labels of every kind as JSON.stringify does", () => {
    const values: Json[] = [...numbers, "yes", 'a "quoted"\nline', "é\u2028🙂", "", true, false, null];
    assert.equal(jsonList(values), JSON.stringify(values));
    assert.equal(predictionsText(values), JSON.stringify({ predictions: values }));
  });
});
