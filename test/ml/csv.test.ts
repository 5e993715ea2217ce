import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ConveyorError } from "../../src/errors.ts";
import { readCsv } from "../../src/ml/io/csv.ts";
import { CsvReadError } from "../../src/ml/io/csv-read-error.ts";
import { getColumn, getNumberColumn } from "../../src/ml/table.ts";
import { tempDir } from "./temp-dir.ts";

const files = await tempDir();

/** Asserts readCsv fails with a CsvReadError at that place, with that message. */
async function assertCsvError(
  content: string,
  expected: { line?: number; column?: string; message: RegExp },
): Promise<void> {
  const path = await files.write(`bad-${Math.random()}.csv`, content);
  await assert.rejects(readCsv(path), (error: unknown) => {
    assert.ok(error instanceof CsvReadError, String(error));
    assert.equal(error.file, path);
    assert.equal(error.line, expected.line);
    assert.equal(error.column, expected.column);
    assert.match(error.message, expected.message);
    assert.ok(error.message.startsWith(path), error.message);
    return true;
  });
}

test("numbers, strings, quotes and missing values", async () => {
  const path = await files.write(
    "good.csv",
    '\uFEFFid,"full, name",score,when\r\n1,"Ann ""A"" Lee",0.5,2020-01-01\r\n2,,1e3,\r\n3,Bob,,2021-02-03\r\n',
  );
  const table = await readCsv(path);
  assert.equal(table.rowCount, 3);
  assert.deepEqual(
    table.columns.map((c) => [c.name, c.type]),
    [
      ["id", "number"],
      ["full, name", "string"],
      ["score", "number"],
      ["when", "string"],
    ],
  );
  assert.deepEqual(Array.from(getNumberColumn(table, "score").values), [0.5, 1000, Number.NaN]);
  assert.deepEqual(getColumn(table, "full, name").values, ['Ann "A" Lee', null, "Bob"]);
  assert.deepEqual(getColumn(table, "when").values, ["2020-01-01", null, "2021-02-03"]);
});

test("a column with one non-number value is a string column", async () => {
  const table = await readCsv(await files.write("mixed.csv", "a\n1\nfoo\n"));
  assert.deepEqual(getColumn(table, "a"), { name: "a", type: "string", values: ["1", "foo"] });
});

test("columns named name and value are typed like any other", async () => {
  const table = await readCsv(await files.write("name-value.csv", "name,value\nann,1\nbob,\n"));
  assert.deepEqual(
    table.columns.map((c) => [c.name, c.type]),
    [
      ["name", "string"],
      ["value", "number"],
    ],
  );
});

test("a header-only file is a table with no rows", async () => {
  const table = await readCsv(await files.write("header.csv", "a,b\n"));
  assert.equal(table.rowCount, 0);
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ["a", "b"],
  );
});

test("a short row names the line and the first missing column", () =>
  assertCsvError("a,b,c\n1,2,3\n4,5\n", {
    line: 3,
    column: "c",
    message:
      /line 3 \(data row 2\), column "c": found 2 values, but the header names 3 columns \(a, b, c\)/,
  }));

test("a long row names the line", () =>
  assertCsvError("a,b\n1,2\n3,4\n5,6,7\n", {
    line: 4,
    message: /line 4 \(data row 3\): found 3 values, but the header names 2 columns/,
  }));

test("an unterminated quote names the line and the column it opens in", () =>
  assertCsvError('a,b,c\n1,2,3\n4,"5,6\n7,8,9\n', {
    line: 3,
    column: "b",
    message: /a quoted value is never closed/,
  }));

test("an unterminated quote on the last line is found too", () =>
  assertCsvError('a,b\n1,2\n3,"4\n', { line: 3, column: "b", message: /never closed/ }));

test("invalid UTF-8 names the line", async () => {
  const path = await files.write(
    "latin1.csv",
    Buffer.concat([Buffer.from("a,b\n1,2\n3,"), Buffer.from([0xff, 0xfe]), Buffer.from("\n")]),
  );
  await assert.rejects(
    readCsv(path),
    (error: unknown) =>
      error instanceof CsvReadError && error.line === 3 && /not utf-8 encoded/.test(error.message),
  );
});

test("invalid UTF-8 in the header is refused too, naming the column", async () => {
  const path = await files.write(
    "latin1-header.csv",
    Buffer.concat([Buffer.from("a,caf"), Buffer.from([0xe9]), Buffer.from("\n1,2\n")]),
  );
  await assert.rejects(readCsv(path), (error: unknown) => {
    assert.ok(error instanceof CsvReadError, String(error));
    assert.equal(error.line, 1);
    assert.match(error.message, /line 1 \(the header\): the name of column 2 is not UTF-8 encoded/);
    return true;
  });
});

test("a row whose line break differs from the file's names the line", async () => {
  await assertCsvError("a,b\r\n1,2\r\n3,4\n5,6\r\n", {
    line: 3,
    message: /line 3 \(data row 2\): the row ends with LF \(\\n\), but the rows before it with CRLF/,
  });
  // One row with an extra field, ending with LF in a CRLF file.
  await assertCsvError('a,b\r\n"x\r\ny",2\r\n3,4,5\n', { line: 3, message: /ends with LF/ });
});

test("a file whose lines end with a lone CR reads like any other", async () => {
  const table = await readCsv(await files.write("cr.csv", "a,b\r1,2\r3,4\r"));
  assert.deepEqual(
    table.columns.map((c) => [c.name, [...c.values]]),
    [
      ["a", [1, 3]],
      ["b", [2, 4]],
    ],
  );
  await assertCsvError("a,b\r1,2\r3,4,5\r", { line: 3, message: /found 3 values, but the header names 2 columns/ });
});

test("an empty file is refused", async () => {
  await assertCsvError("", { message: /the file is empty/ });
  await assertCsvError("\n\n", { message: /the file is empty/ });
});

test("header problems name line 1", async () => {
  await assertCsvError("a,,c\n1,2,3\n", { line: 1, message: /column 2 has no name/ });
  await assertCsvError("a,b,a\n1,2,3\n", {
    line: 1,
    column: "a",
    message: /used by columns 1 and 3/,
  });
  await assertCsvError('"a,b\n1,2\n', { line: 1, message: /never closed/ });
});

test("a missing file is a not_found user error", async () => {
  await assert.rejects(
    readCsv(files.path("nope.csv")),
    (error: unknown) => error instanceof ConveyorError && error.code === "not_found",
  );
});

test("the breast cancer data reads exactly as JavaScript parses it", async () => {
  const path = new URL("../../data/breast_cancer.csv", import.meta.url).pathname;
  const table = await readCsv(path);
  assert.equal(table.rowCount, 569);
  assert.equal(table.columns.length, 31);
  assert.ok(table.columns.every((c) => c.type === "number"));
  const lines = readFileSync(path, "utf8").trim().split("\n").slice(1);
  table.columns.forEach((column, c) => {
    lines.forEach((line, row) => {
      assert.equal(column.values[row], Number(line.split(",")[c]));
    });
  });
});
