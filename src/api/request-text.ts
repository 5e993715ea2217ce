/**
 * Refuses a request whose path, query or body the stores could not hold as sent, before any
 * route writes a thing:
 * - a NUL character: Postgres cannot store one (SQLite can), so the same request would
 *   answer differently on each store, and with a 500 on Postgres;
 * - a lone UTF-16 surrogate (`"\ud800"` in JSON): it has no UTF-8 form, so it would be
 *   stored mangled, and headers naming it (`Location`) cannot be written;
 * - JSON nested deeper than MAX_DEPTH: everything after this check (validation, canonical
 *   JSON, digests) walks values recursively and would overflow its stack.
 * The walk itself keeps its own stack, so no depth can overflow it.
 */
import type { FastifyRequest } from "fastify";
import { ConveyorError } from "../errors.ts";
import { LONE_SURROGATE } from "../store/names.ts";

/** Deeper than any pipeline parameter or tracking record needs; far below any stack limit. */
export const MAX_DEPTH = 64;

/** What is wrong with one string, if anything. */
function problemIn(text: string): string | undefined {
  if (text.includes("\u0000")) return "holds a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "holds a lone UTF-16 surrogate (half of a character, e.g. \\ud800)";
  return undefined;
}

/** Where a value goes wrong, as "name" or "a.b.0" with the problem, or undefined. */
function findProblem(root: unknown): { at: string; problem: string } | undefined {
  const pending: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, path } = item;
    const key = path.at(-1);
    const keyProblem = key === undefined ? undefined : problemIn(key);
    if (keyProblem) return { at: [...path.slice(0, -1), JSON.stringify(key).slice(1, -1)].join("."), problem: `names a key that ${keyProblem}` };
    if (typeof value === "string") {
      const problem = problemIn(value);
      if (problem) return { at: path.join(".") || "(the value)", problem };
    } else if (value !== null && typeof value === "object") {
      if (path.length >= MAX_DEPTH) return { at: `${path.slice(0, 3).join(".")}…`, problem: `is nested more than ${MAX_DEPTH} levels deep` };
      // Pushed in reverse, so the first problem found is the first in the document.
      for (const [childKey, child] of Object.entries(value).reverse()) pending.push({ value: child, path: [...path, childKey] });
    }
  }
  return undefined;
}

export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [
    ["path", request.params],
    ["querystring", request.query],
    ["body", request.body],
  ] as const) {
    const found = findProblem(value);
    if (found) {
      throw new ConveyorError(
        `invalid ${part}: ${found.at} ${found.problem}`,
        `send names and text as well-formed Unicode without NUL characters, and JSON nested at most ${MAX_DEPTH} levels deep`,
        "invalid_request",
      );
    }
  }
}
