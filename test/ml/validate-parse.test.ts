/** JSON suites: every kind round-trips, and every mistake is named by position and field. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createTable } from "../../src/ml/table.ts";
import type { Expectation } from "../../src/ml/validate/expectation.ts";
import { expect } from "../../src/ml/validate/expect.ts";
import { parseExpectations } from "../../src/ml/validate/parse-expectations.ts";
import { validateTable } from "../../src/ml/validate/validate-table.ts";

test("a suite of every kind survives JSON unchanged", () => {
  const suite: Expectation[] = [
    expect.column("age").exists(),
    expect.column("age").hasType("number"),
    expect.column("age").notNull({ mostly: 0.9 }),
    expect.column("age").between(0, 120),
    expect.column("plan").inSet(["free", "pro", 3]),
    expect.column("id").unique(),
    expect.column("email").matches(/@/i),
    expect.column("age").meanBetween(20, 60),
    expect.column("age").stdBetween(undefined, 30),
    expect.column("age").quantileBetween(0.95, undefined, 100),
    expect.rowCount(10),
    expect.column("age").sameDistribution({ method: "ks", threshold: 0.01 }),
    expect.noDrift({ columns: ["age", "plan"], driftShare: 0.5 }),
  ];
  assert.deepEqual(parseExpectations(JSON.parse(JSON.stringify(suite))), suite);
});

/** The message parseExpectations throws for `suite`. */
function refusal(suite: unknown): string {
  try {
    parseExpectations(suite);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail("the suite was accepted");
}

test("mistakes are named by position, kind, column and field", () => {
  const cases: [unknown, string][] = [
    [{ kind: "notNull" }, "the expectations must be a list"],
    [["notNull"], 'expectation 1 must be an object with a "kind"'],
    [
      [
        { kind: "rowCount", min: 1 },
        { kind: "notnull", column: "x" },
      ],
      'expectation 2 has kind "notnull" (did you mean "notNull"?); the kinds are exists, schema, notNull, range, inSet, unique, matches, mean, std, quantile, rowCount, sameDistribution and noDrift',
    ],
    [
      [{ kind: "range", column: "age", mn: 0 }],
      'expectation 1 (range "age"): unknown field "mn"; range takes "column", "min" and "max"',
    ],
    [[{ kind: "range", column: 3, min: 0 }], 'expectation 1 (range): "column" must be a column name'],
    [[{ kind: "range", column: "age", min: "0" }], 'expectation 1 (range "age"): "min" must be a number, got "0"'],
    [[{ kind: "mean", column: "age" }], 'expectation 1 (mean "age"): sets neither "min" nor "max"; set one or both'],
    [
      [{ kind: "std", column: "age", min: 5, max: 1 }],
      'expectation 1 (std "age"): "min" 5 is above "max" 1; swap or fix the bounds',
    ],
    [
      [{ kind: "quantile", column: "age", max: 1 }],
      'expectation 1 (quantile "age"): "q" must be the quantile to check, between 0 and 1 (0.5 is the median)',
    ],
    [
      [{ kind: "quantile", column: "age", q: 50, max: 1 }],
      'expectation 1 (quantile "age"): "q" is 50; give a fraction between 0 and 1',
    ],
    [
      [{ kind: "inSet", column: "plan", values: [] }],
      'expectation 1 (inSet "plan"): "values" must be a non-empty list of the allowed strings or numbers',
    ],
    [
      [{ kind: "inSet", column: "plan", values: [null] }],
      'expectation 1 (inSet "plan"): "values" must be a non-empty list of the allowed strings or numbers',
    ],
    [
      [
        { kind: "unique", column: "id" },
        { kind: "matches", column: "zip", pattern: "([0-9]" },
      ],
      'expectation 2 (matches "zip"): "([0-9]" is not a valid regular expression (Invalid regular expression: /([0-9]/: Unterminated group)',
    ],
    [
      [{ kind: "matches", column: "zip", pattern: "\\d", flags: "g" }],
      'expectation 1 (matches "zip"): flags "g" include g or y, which make matching depend on earlier rows',
    ],
    [[{ kind: "matches", column: "zip" }], 'expectation 1 (matches "zip"): "pattern" must be a regular expression'],
    [
      [{ kind: "sameDistribution", column: "age", method: "kl" }],
      'expectation 1 (sameDistribution "age"): unknown drift method "kl"; the methods are ks, chiSquare, zTest, psi, jensenShannon, wasserstein',
    ],
    [
      [{ kind: "sameDistribution", column: "age", threshold: 0.01 }],
      'expectation 1 (sameDistribution "age"): a drift threshold of 0.01 was given without a method, and tests and distances read thresholds in opposite directions',
    ],
    [
      [{ kind: "noDrift", method: "psi", threshold: -1 }],
      "expectation 1 (noDrift): the drift threshold is -1, not a positive number",
    ],
    [
      [{ kind: "noDrift", driftShare: 0 }],
      'expectation 1 (noDrift): "driftShare" is 0; give a share of columns above 0 and at most 1',
    ],
    [[{ kind: "noDrift", columns: "age" }], 'expectation 1 (noDrift): "columns" must be a list of column names'],
    [
      [{ kind: "schema", columns: { age: "int" } }],
      'expectation 1 (schema): column "age" has type "int", expected "number" or "string"',
    ],
  ];
  for (const [suite, message] of cases) assert.equal(refusal(suite), message, JSON.stringify(suite));
});

test("validateTable checks a TypeScript suite the same way, before looking at the data", () => {
  const table = createTable([{ name: "zip", type: "string", values: ["0150"] }]);
  assert.throws(() => validateTable(table, [expect.rowCount(1), expect.column("zip").matches("[0-9")]), {
    message: /^expectation 2 \(matches "zip"\): "\[0-9" is not a valid regular expression/,
    hint: "fix the pattern; it uses JavaScript RegExp syntax",
  });
});
