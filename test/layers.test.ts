/**
 * Dependencies point one way: a folder of src/ imports only folders listed before it in
 * DESIGN.md ("The parts, and which way they lean"), and no two folders import each other,
 * directly or through others. There are no exceptions; a file directly in src/ is not a part,
 * so importing it counts as importing what it imports.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

const SRC = resolve(import.meta.dirname, "../src");

/**
 * Each folder's place in DESIGN.md's order; folders of one part share its number. A folder
 * may import folders with a smaller number, and folders with its own as long as no cycle forms.
 */
const RANK: Record<string, number> = {
  sdk: 1,
  ir: 2,
  // "The compiler (sdk graph → IR) beside it but apart, so the schema needs no sdk."
  compiler: 2.5,
  store: 3,
  artifacts: 3,
  // Not named in DESIGN.md: the logic over the store's tracking and registry records, which the
  // engine uses (a run's code version and environment; a task's `ctx.registry`).
  tracking: 3.5,
  registry: 3.5,
  engine: 4,
  executors: 5,
  ml: 6,
  serve: 7,
  monitor: 7,
  triggers: 7,
  features: 7,
  stream: 7,
  inspect: 8,
  export: 9,
  api: 10,
  cli: 10,
  client: 10,
};

/** Imports the order allows but the design rules out. */
const FORBIDDEN: Record<string, string> = {
  "ir -> sdk": "the IR schema needs no SDK: what both use belongs in a file directly in src/, the sdk graph → IR step in src/compiler",
};

/** Files directly in src/ (errors.ts, the package's index.ts) are not a part: they sit beside the folders. */
function partOf(file: string): string | undefined {
  const path = relative(SRC, file).split("/");
  return path.length > 1 ? path[0] : undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]sx?$/.test(entry.name) ? [path] : [];
  });
}

/** Relative specifiers of static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](\.\.?\/[^"'`]+)["'`]/g)].map((m) => m[1] as string);
}

type Edges = Map<string, Set<string>>;

/** Which part imports which, with one chain of imports per pair for the message. */
function partEdges(files: { path: string; text: string }[]): { edges: Edges; where: Map<string, string> } {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  /**
   * The folders an import reaches, each with the imports that lead there: its target's folder,
   * or, for a file directly in src/, the folders that file imports in turn, so that a file
   * beside the folders cannot carry an import past the check.
   */
  const reached = (target: string, seen: Set<string>): { to: string; via: string[] }[] => {
    const to = partOf(target);
    if (to) return [{ to, via: [] }];
    if (seen.has(target)) return [];
    seen.add(target);
    return specifiers(texts.get(target) ?? "").flatMap((spec) =>
      reached(resolve(dirname(target), spec), seen).map((r) => ({ to: r.to, via: [`${relative(SRC, target)} imports ${spec}`, ...r.via] })),
    );
  };
  const edges: Edges = new Map();
  const where = new Map<string, string>();
  for (const { path, text } of files) {
    const from = partOf(path);
    if (!from) continue;
    for (const spec of specifiers(text)) {
      for (const { to, via } of reached(resolve(dirname(path), spec), new Set())) {
        if (to === from) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)?.add(to);
        where.set(`${from} -> ${to}`, [`${relative(SRC, path)} imports ${spec}`, ...via].join(", "));
      }
    }
  }
  return { edges, where };
}

function problems(files: { path: string; text: string }[]): string[] {
  const { edges, where } = partEdges(files);
  const found: string[] = [];
  for (const [from, tos] of edges) {
    if (RANK[from] === undefined) found.push(`src/${from} has no place in the order: add it to RANK and to the Layout in DEVELOPERS.md`);
    for (const to of tos) {
      const edge = `${from} -> ${to}`;
      if (FORBIDDEN[edge]) found.push(`${edge}: ${FORBIDDEN[edge]} (${where.get(edge)})`);
      else if (RANK[to] === undefined) found.push(`src/${to} has no place in the order: add it to RANK and to the Layout in DEVELOPERS.md`);
      else if ((RANK[to] as number) > (RANK[from] as number)) {
        found.push(`${edge} runs back up the order (${where.get(edge)})`);
      }
    }
  }
  // A cycle among folders: a depth-first search that meets a folder still on its path.
  const state = new Map<string, "open" | "done">();
  const visit = (part: string, path: string[]): void => {
    if (state.get(part) === "done") return;
    if (state.get(part) === "open") {
      const cycle = [...path.slice(path.indexOf(part)), part];
      found.push(`import cycle ${cycle.join(" -> ")} (${where.get(`${cycle.at(-2)} -> ${part}`)})`);
      return;
    }
    state.set(part, "open");
    for (const to of edges.get(part) ?? []) visit(to, [...path, part]);
    state.set(part, "done");
  };
  for (const part of [...edges.keys()].sort()) visit(part, []);
  return [...new Set(found)];
}

describe("src folders", () => {
  it("import only folders before them in DESIGN.md's order, without cycles", () => {
    const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, "utf8") }));
    assert.deepEqual(problems(files), []);
  });

  it("the check finds a forbidden import, an import that runs back up, and a cycle between side-by-side folders", () => {
    const file = (path: string, text: string) => ({ path: join(SRC, path), text });
    const found = problems([
      file("ir/schema.ts", 'import type { Json } from "../sdk/json.ts";'),
      file("store/types.ts", 'import { x } from "../inspect/run-summary.ts";'),
      file("cli/context.ts", 'const { connect } = await import("../client/remote-runs.ts");'),
      file("client/remote-store.ts", 'export type { CliStore } from "../cli/context.ts";'),
    ]);
    assert.deepEqual(found, [
      `ir -> sdk: ${FORBIDDEN["ir -> sdk"]} (ir/schema.ts imports ../sdk/json.ts)`,
      "store -> inspect runs back up the order (store/types.ts imports ../inspect/run-summary.ts)",
      "import cycle cli -> client -> cli (client/remote-store.ts imports ../cli/context.ts)",
    ]);
  });

  it("the check allows no upward import: not the engine's or the registry's of executors, the store's of tracking, nor one through a file directly in src/", () => {
    const file = (path: string, text: string) => ({ path: join(SRC, path), text });
    const found = problems([
      file("store/open.ts", 'import { captureRunContext } from "../tracking/environment.ts";'),
      file("engine/engine.ts", 'import { InlineExecutor } from "../executors/inline.ts";'),
      file("registry/task-registry.ts", 'import type { RegistryHooks } from "../defaults.ts";'),
      file("defaults.ts", 'export type { RegistryHooks } from "./executors/hooks.ts";'),
      file("tracking/api.ts", "const { Engine } = await import(`../index.ts`);"),
      file("index.ts", 'export { Engine } from "./engine/engine.ts";'),
    ]);
    assert.deepEqual(found, [
      "store -> tracking runs back up the order (store/open.ts imports ../tracking/environment.ts)",
      "engine -> executors runs back up the order (engine/engine.ts imports ../executors/inline.ts)",
      "registry -> executors runs back up the order (registry/task-registry.ts imports ../defaults.ts, defaults.ts imports ./executors/hooks.ts)",
      "tracking -> engine runs back up the order (tracking/api.ts imports ../index.ts, index.ts imports ./engine/engine.ts)",
    ]);
  });
});
