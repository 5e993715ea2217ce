/** A field name in a filter or sort: `metrics.<name>`, `params.<name>`, `tags.<name>`, or a run attribute. */
import { type Field, RUN_ATTRIBUTES, type RunAttribute } from "./ast.ts";
import type { Token } from "./lexer.ts";

const PREFIXES: Record<string, "metric" | "param" | "tag"> = {
  metrics: "metric",
  metric: "metric",
  params: "param",
  param: "param",
  tags: "tag",
  tag: "tag",
};

const KNOWN = `metrics.<name>, params.<name>, tags.<name>, or one of ${RUN_ATTRIBUTES.join(", ")}`;

/** The field a word token names, or the problem and the column it is at. */
export function readField(token: Extract<Token, { type: "word" }>): Field | { problem: string; column: number } {
  const prefix = PREFIXES[token.word.toLowerCase()];
  if (token.key !== undefined) {
    if (!prefix) return { problem: `unknown field "${token.text}": use ${KNOWN}`, column: token.column };
    if (token.key.text === "") {
      return { problem: `expected a ${prefix} name after "${token.word}."`, column: token.key.column };
    }
    return { kind: prefix, key: token.key.text };
  }
  const name = token.word.toLowerCase();
  if ((RUN_ATTRIBUTES as readonly string[]).includes(name)) return { kind: "attribute", name: name as RunAttribute };
  const hint = prefix ? `"${token.word}" needs a name after it, e.g. ${token.word}.auc` : `unknown field "${token.text}": use ${KNOWN}`;
  return { problem: hint, column: token.column };
}
