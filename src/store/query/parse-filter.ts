/**
 * The filter language of `runs list --where`: comparisons joined by `and` / `or`, with
 * parentheses; `and` binds tighter than `or`.
 *
 *   metrics.auc > 0.9 and params.trees >= 100 and tags.team = "x" and status = "succeeded"
 *
 * A mistake is a ConveyorError that shows the expression with a caret at its column.
 */
import type { RunStatus } from "../types.ts";
import { type Comparison, type ComparisonOp, type Field, fieldText, type FilterExpr, type Literal, TIME_ATTRIBUTES } from "./ast.ts";
import { readField } from "./fields.ts";
import { type Token, tokenize } from "./lexer.ts";
import { syntaxError } from "./syntax-error.ts";

const STATUSES: readonly RunStatus[] = ["pending", "running", "succeeded", "failed", "cancelled"];
/**
 * Bounds on a filter's size. The parser, the SQL it becomes and the databases themselves
 * (SQLite refuses an expression over 1,000 deep) all recurse on its shape, so a filter nested
 * thousands deep would overflow a stack instead of being refused. Real filters stay far below.
 */
export const MAX_FILTER_NESTING = 32;
export const MAX_FILTER_COMPARISONS = 100;

/** The parsed filter, or undefined for an empty (or all-blank) one, which matches every run. */
export function parseFilter(source: string): FilterExpr | undefined {
  if (source.trim() === "") return undefined;
  const tokens = tokenize(source, "filter");
  let at = 0;
  const peek = () => tokens[at] as Token;
  const next = () => tokens[at++] as Token;
  const fail = (column: number, problem: string) => syntaxError("filter", source, column, problem);
  const found = (t: Token) => (t.type === "end" ? "the end of the filter" : `"${t.text}"`);
  const isKeyword = (t: Token, word: string) => t.type === "word" && t.key === undefined && t.word.toLowerCase() === word;
  let depth = 0;
  let comparisons = 0;

  function expression(): FilterExpr {
    let left = conjunction();
    while (isKeyword(peek(), "or")) {
      next();
      left = { kind: "or", left, right: conjunction() };
    }
    return left;
  }

  function conjunction(): FilterExpr {
    let left = term();
    while (isKeyword(peek(), "and")) {
      next();
      left = { kind: "and", left, right: term() };
    }
    return left;
  }

  function term(): FilterExpr {
    const token = next();
    if (token.type === "(") {
      depth += 1;
      if (depth > MAX_FILTER_NESTING) {
        throw fail(token.column, `parentheses nest more than ${MAX_FILTER_NESTING} deep; remove the ones that group nothing`);
      }
      const inner = expression();
      depth -= 1;
      const close = next();
      if (close.type !== ")") throw fail(close.column, `expected ")" to close the "(" at column ${token.column}, found ${found(close)}`);
      return inner;
    }
    if (token.type !== "word" || isKeyword(token, "and") || isKeyword(token, "or")) {
      throw fail(token.column, `expected a field such as metrics.auc, params.trees or status, found ${found(token)}`);
    }
    comparisons += 1;
    if (comparisons > MAX_FILTER_COMPARISONS) {
      throw fail(token.column, `a filter holds at most ${MAX_FILTER_COMPARISONS} comparisons; narrow the search with fewer, e.g. a tag shared by the runs`);
    }
    const field = readField(token);
    if ("problem" in field) throw fail(field.column, field.problem);
    const op = next();
    if (op.type !== "op") {
      throw fail(op.column, `expected a comparison (=, !=, <, <=, >, >=) after ${token.text}, found ${found(op)}`);
    }
    return comparison(field, op.text, op.column, next());
  }

  function comparison(field: Field, op: ComparisonOp, opColumn: number, token: Token): Comparison {
    if (token.type !== "number" && token.type !== "string") {
      const bare = token.type === "word" && !isKeyword(token, "and") && !isKeyword(token, "or");
      const quoted = bare ? ` (quote text: "${token.text}")` : "";
      throw fail(token.column, `expected a number or a quoted string after ${op}, found ${found(token)}${quoted}`);
    }
    const name = fieldText(field);
    const literal: Literal =
      token.type === "number" ? { type: "number", value: token.value, text: token.text } : { type: "string", value: token.value };
    if (field.kind === "metric" && literal.type !== "number") {
      throw fail(token.column, `${name} is a metric, so it compares with a number, not ${token.text}`);
    }
    if (field.kind === "attribute" && field.name === "status") {
      if (op !== "=" && op !== "!=") throw fail(opColumn, `status compares only with = or !=, not ${op}`);
      if (!STATUSES.includes(literal.value as RunStatus)) {
        throw fail(token.column, `${token.text} is not a run status; use one of ${STATUSES.join(", ")}`);
      }
    }
    if (field.kind === "attribute" && TIME_ATTRIBUTES.includes(field.name)) {
      return { kind: "compare", field, op, value: { type: "number", value: timeValue(token), text: token.text } };
    }
    return { kind: "compare", field, op, value: literal };
  }

  /** A quoted ISO date or date-time, or epoch milliseconds. */
  function timeValue(token: Extract<Token, { type: "number" | "string" }>): number {
    // Whole milliseconds: the columns are integers, and Postgres will not compare a bigint with 1.5.
    if (token.type === "number") return Math.floor(token.value);
    const ms = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(token.value) ? Date.parse(token.value) : Number.NaN;
    if (Number.isNaN(ms)) throw fail(token.column, `${token.text} is not a date; write it as "2024-05-01" or "2024-05-01T12:00:00Z"`);
    return ms;
  }

  const expr = expression();
  const rest = peek();
  if (rest.type !== "end") {
    const problem = rest.type === ")" ? `this ")" closes nothing` : `expected "and", "or" or the end of the filter, found ${found(rest)}`;
    throw fail(rest.column, problem);
  }
  return expr;
}
