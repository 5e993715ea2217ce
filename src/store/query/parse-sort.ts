/** The sort order of `runs list --sort`: fields separated by commas, `-` before one for descending. */
import type { SortKey } from "./ast.ts";
import { readField } from "./fields.ts";
import { type Token, tokenize } from "./lexer.ts";
import { syntaxError } from "./syntax-error.ts";

/** `-metrics.auc,created` → [auc descending, created ascending]; blank → []. */
export function parseSort(source: string): SortKey[] {
  if (source.trim() === "") return [];
  const tokens = tokenize(source, "sort");
  const fail = (column: number, problem: string) => syntaxError("sort", source, column, problem);
  const keys: SortKey[] = [];
  let at = 0;
  for (;;) {
    let token = tokens[at++] as Token;
    const descending = token.type === "-";
    if (token.type === "-" || token.type === "+") token = tokens[at++] as Token;
    if (token.type !== "word") {
      throw fail(token.column, `expected a field such as metrics.auc or created, found ${token.type === "end" ? "the end" : `"${token.text}"`}`);
    }
    const field = readField(token);
    if ("problem" in field) throw fail(field.column, field.problem);
    keys.push({ field, descending });
    const after = tokens[at++] as Token;
    if (after.type === "end") return keys;
    if (after.type !== ",") throw fail(after.column, `expected "," between sort fields, found "${after.text}"`);
  }
}
