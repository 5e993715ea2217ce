/** The run filter and sort languages: what they parse to, and where they say a mistake is. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isConveyorError } from "../../src/errors.ts";
import { MAX_FILTER_COMPARISONS, MAX_FILTER_NESTING, parseFilter } from "../../src/store/query/parse-filter.ts";
import { parseSort } from "../../src/store/query/parse-sort.ts";

const metric = (key: string) => ({ kind: "metric", key });
const num = (value: number, text = String(value)) => ({ type: "number", value, text });
const str = (value: string) => ({ type: "string", value });

/** Asserts that parsing fails at `column` with a caret under it, and a message mentioning `words`. */
function failsAt(parse: (s: string) => unknown, source: string, column: number, ...words: string[]): void {
  assert.throws(
    () => parse(source),
    (error) => {
      assert.ok(isConveyorError(error), String(error));
      const [first, shown, caret] = error.message.split("\n");
      assert.match(first ?? "", new RegExp(`^malformed (filter|sort) at column ${column}: `));
      assert.equal(shown, `  ${source}`);
      assert.equal(caret, `  ${" ".repeat(column - 1)}^`, `caret under column ${column}:\n${error.message}`);
      for (const w of words) assert.ok(first?.includes(w), `"${first}" should mention ${w}`);
      assert.ok(error.hint);
      assert.match(error.code, /^invalid_(filter|sort)$/);
      return true;
    },
  );
}

describe("filter language", () => {
  it("parses the comparisons of the issue, joined by and", () => {
    const parsed = parseFilter('metrics.auc > 0.9 and params.trees >= 100 and tags.team = "x" and status = "succeeded"');
    const cmp = (field: unknown, op: string, value: unknown) => ({ kind: "compare", field, op, value });
    assert.deepEqual(parsed, {
      kind: "and",
      left: {
        kind: "and",
        left: {
          kind: "and",
          left: cmp(metric("auc"), ">", num(0.9)),
          right: cmp({ kind: "param", key: "trees" }, ">=", num(100)),
        },
        right: cmp({ kind: "tag", key: "team" }, "=", str("x")),
      },
      right: cmp({ kind: "attribute", name: "status" }, "=", str("succeeded")),
    });
  });

  it("binds and tighter than or, honours parentheses, and reads keywords in any case", () => {
    const a = { kind: "compare", field: metric("a"), op: "=", value: num(1) };
    const b = { kind: "compare", field: metric("b"), op: "=", value: num(2) };
    const c = { kind: "compare", field: metric("c"), op: "=", value: num(3) };
    assert.deepEqual(parseFilter("metrics.a = 1 or metrics.b = 2 AND metrics.c = 3"), { kind: "or", left: a, right: { kind: "and", left: b, right: c } });
    assert.deepEqual(parseFilter("(metrics.a = 1 Or metrics.b = 2) and metrics.c = 3"), { kind: "and", left: { kind: "or", left: a, right: b }, right: c });
  });

  it("reads operators, numbers, quotes, escapes and odd keys", () => {
    const one = (s: string) => parseFilter(s) as { op: string; value: unknown; field: unknown };
    assert.equal(one("metrics.x<>1").op, "!=");
    assert.equal(one("metrics.x==1").op, "=");
    assert.deepEqual(one("metrics.x<=-1.5e-3").value, num(-0.0015, "-1.5e-3"));
    assert.deepEqual(one("metrics.x > .5").value, num(0.5, ".5"));
    assert.deepEqual(one(`tags.note = 'it\\'s "ok"'`).value, str(`it's "ok"`));
    assert.deepEqual(one("metrics.val-loss/epoch < 2").field, metric("val-loss/epoch"));
    assert.deepEqual(one("params.`learning rate` = 0.1").field, { kind: "param", key: "learning rate" });
    assert.deepEqual(one("experiment = 'churn'").field, { kind: "attribute", name: "experiment" });
  });

  it("turns dates into epoch milliseconds for the time fields", () => {
    const at = (s: string) => (parseFilter(s) as { value: { value: number } }).value.value;
    assert.equal(at('created >= "2024-05-01"'), Date.parse("2024-05-01"));
    assert.equal(at('ended < "2024-05-01T12:30:00Z"'), Date.parse("2024-05-01T12:30:00Z"));
    assert.equal(at("started > 1700000000000"), 1_700_000_000_000);
  });

  it("treats a blank filter as none", () => {
    assert.equal(parseFilter(""), undefined);
    assert.equal(parseFilter("   "), undefined);
  });

  it("refuses a filter nested or chained beyond its bounds, at the column where it goes over", () => {
    const nested = (depth: number) => `${"(".repeat(depth)}status = "running"${")".repeat(depth)}`;
    assert.ok(parseFilter(nested(MAX_FILTER_NESTING)));
    failsAt(parseFilter, nested(MAX_FILTER_NESTING + 1), MAX_FILTER_NESTING + 1, `more than ${MAX_FILTER_NESTING} deep`);
    // Thousands deep overflowed the parser's stack before it was bounded.
    failsAt(parseFilter, nested(5000), MAX_FILTER_NESTING + 1, "parentheses");
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `metrics.m${i} > 0`).join(" and ");
    assert.ok(parseFilter(chain(MAX_FILTER_COMPARISONS)));
    const tooLong = chain(MAX_FILTER_COMPARISONS + 1);
    failsAt(parseFilter, tooLong, tooLong.lastIndexOf("metrics.") + 1, `at most ${MAX_FILTER_COMPARISONS} comparisons`);
  });

  it("points at the column of each kind of mistake", () => {
    failsAt(parseFilter, "metrics.auc > and params.trees >= 100", 15, "expected a number or a quoted string", '"and"');
    failsAt(parseFilter, "metrics.auc 0.9", 13, "expected a comparison", '"0.9"');
    failsAt(parseFilter, "metric.auc > 0.9 and metricz.loss < 1", 22, 'unknown field "metricz.loss"');
    failsAt(parseFilter, "params.trees >= 100 and auc > 0.9", 25, 'unknown field "auc"');
    failsAt(parseFilter, "metrics. > 1", 9, "expected a metric name");
    failsAt(parseFilter, "metrics.auc > 'high'", 15, "metric", "number");
    failsAt(parseFilter, 'status = "done"', 10, '"done" is not a run status');
    failsAt(parseFilter, 'status > "failed"', 8, "only with = or !=");
    failsAt(parseFilter, "metrics.auc > 0.9 && params.x = 1", 19, 'unexpected character "&"', '"and"');
    failsAt(parseFilter, 'tags.team = "fraud', 13, "never closed");
    failsAt(parseFilter, "(metrics.a > 1 or metrics.b < 2", 32, 'expected ")"', "column 1");
    failsAt(parseFilter, "metrics.a > 1)", 14, "closes nothing");
    failsAt(parseFilter, "metrics.a > 1 metrics.b < 2", 15, 'expected "and", "or"');
    failsAt(parseFilter, "metrics.a > 1 and", 18, "expected a field", "the end of the filter");
    failsAt(parseFilter, "metrics.a > 12abc", 13, '"12abc" is not a number');
    failsAt(parseFilter, "tags.team = fraud", 13, 'quote text: "fraud"');
    failsAt(parseFilter, 'created > "last week"', 11, "is not a date");
  });
});

describe("sort language", () => {
  it("reads fields separated by commas, - for descending", () => {
    assert.deepEqual(parseSort("-metrics.auc, params.trees,+created"), [
      { field: metric("auc"), descending: true },
      { field: { kind: "param", key: "trees" }, descending: false },
      { field: { kind: "attribute", name: "created" }, descending: false },
    ]);
    assert.deepEqual(parseSort(""), []);
  });

  it("points at the column of a mistake", () => {
    failsAt(parseSort, "-metrics.auc created", 14, 'expected ","');
    failsAt(parseSort, "-metrics.auc,", 14, "expected a field", "the end");
    failsAt(parseSort, "-metrix.auc", 2, 'unknown field "metrix.auc"');
    failsAt(parseSort, "--created", 2, "expected a field");
  });
});
