/** Splits a filter or sort expression into tokens, each with the 1-based column it starts at. */
import { syntaxError } from "./syntax-error.ts";

export type Token =
  | { type: "word"; column: number; text: string; word: string; key?: { text: string; column: number } }
  | { type: "number"; column: number; text: string; value: number }
  | { type: "string"; column: number; text: string; value: string }
  | { type: "op"; column: number; text: "=" | "!=" | "<" | "<=" | ">" | ">=" }
  | { type: "(" | ")" | "," | "-" | "+"; column: number; text: string }
  | { type: "end"; column: number; text: "" };

const WORD_START = /[A-Za-z_]/;
const WORD = /[A-Za-z0-9_]/;
/** A key after `metrics.` is letters, digits and _ . - / : (as metric names usually are); backticks quote anything else. */
const KEY_CHAR = /[\w.\-/:]/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const OPERATORS = ["<=", ">=", "!=", "<>", "==", "=", "<", ">"] as const;

export function tokenize(source: string, what: "filter" | "sort"): Token[] {
  const tokens: Token[] = [];
  const fail = (index: number, problem: string) => syntaxError(what, source, index + 1, problem);
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const column = i + 1;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ type: "op", column, text: op === "<>" ? "!=" : op === "==" ? "=" : op });
      i += op.length;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: c, column, text: c });
      i += 1;
      continue;
    }
    const sign = c === "-" || c === "+" ? c : "";
    const number = NUMBER.exec(source.slice(i + sign.length));
    if (number && (sign === "" || what === "filter")) {
      const text = sign + number[0];
      let end = i + text.length;
      if (end < source.length && WORD.test(source[end] as string)) {
        while (end < source.length && /[\w.]/.test(source[end] as string)) end += 1;
        throw fail(i, `"${source.slice(i, end)}" is not a number (quote text: "...")`);
      }
      tokens.push({ type: "number", column, text, value: Number(text) });
      i = end;
      continue;
    }
    if (sign) {
      tokens.push({ type: sign, column, text: sign });
      i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readQuoted(source, i, c, fail);
      tokens.push({ type: "string", column, text: source.slice(i, end), value });
      i = end;
      continue;
    }
    if (WORD_START.test(c)) {
      let end = i;
      while (end < source.length && WORD.test(source[end] as string)) end += 1;
      const word = source.slice(i, end);
      let key: { text: string; column: number } | undefined;
      if (source[end] === ".") {
        const keyStart = end + 1;
        if (source[keyStart] === "`") {
          const quoted = readQuoted(source, keyStart, "`", fail);
          key = { text: quoted.value, column: keyStart + 1 };
          end = quoted.end;
        } else {
          end = keyStart;
          while (end < source.length && KEY_CHAR.test(source[end] as string)) end += 1;
          key = { text: source.slice(keyStart, end), column: keyStart + 1 };
        }
      }
      tokens.push({ type: "word", column, text: source.slice(i, end), word, ...(key ? { key } : {}) });
      i = end;
      continue;
    }
    const hint = c === "&" ? ' (write "and")' : c === "|" ? ' (write "or")' : "";
    throw fail(i, `unexpected character "${c}"${hint}`);
  }
  tokens.push({ type: "end", column: source.length + 1, text: "" });
  return tokens;
}

/** A quoted string from `start` (the opening quote); a backslash escapes the next character. */
function readQuoted(
  source: string,
  start: number,
  quote: string,
  fail: (index: number, problem: string) => Error,
): { value: string; end: number } {
  let value = "";
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\" && i + 1 < source.length) {
      value += source[i + 1];
      i += 1;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw fail(start, `the ${quote === "`" ? "backtick" : "quote"} opened here is never closed`);
}
