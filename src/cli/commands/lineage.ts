/**
 * `conveyor lineage`: which artifacts a run's tasks used and produced, where one artifact came
 * from and went, or what a model version was made from.
 */
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import type { InspectStore } from "../../inspect/stored-runs.ts";
import { withStoredRuns } from "../context.ts";
import { shortDigest } from "../format.ts";
import type { LineageGraph, LineageTarget, ModelVersionNode } from "../../inspect/lineage-graph.ts";

/** Shortest digest prefix looked up, as for run ids: shorter ones match too much to mean anything. */
const MIN_DIGEST_PREFIX = 4;

/** A run id or prefix, an artifact digest or prefix (with or without "sha256:"), or a model version URI. */
async function findTarget(store: InspectStore, what: string): Promise<LineageTarget> {
  const [{ isModelUri }, { resolveModel }] = await Promise.all([import("../../registry/uri.ts"), import("../../registry/resolve.ts")]);
  if (isModelUri(what)) return { version: await resolveModel(store, what) };
  const digestOnly = what.startsWith("sha256:");
  const run = digestOnly ? undefined : await store.findRun(what);
  if (run?.id === what.toLowerCase()) return { run };
  const prefix = what.replace(/^sha256:/, "");
  const artifacts = /^[0-9a-f]+$/i.test(prefix) && prefix.length >= MIN_DIGEST_PREFIX ? await store.findArtifactsByDigest(what) : [];
  const digests = [...new Set(artifacts.map((a) => a.digest))];
  if (run && digests.length > 0) {
    throw new ConveyorError(
      `"${what}" is the start of run ${run.id} and of artifact ${shortDigest(digests[0] as string)}`,
      `write the full run id, or sha256:${prefix} for the artifact`,
      "ambiguous_id",
    );
  }
  if (run) return { run };
  if (digests.length > 1) {
    throw new ConveyorError(
      `"${what}" is the start of ${digests.length} artifact digests: ${digests.slice(0, 5).map(shortDigest).join(", ")}${digests.length > 5 ? ", ..." : ""}`,
      "type more characters of the digest",
      "ambiguous_id",
    );
  }
  if (digests.length === 0) {
    throw new ConveyorError(
      `no run or artifact "${what}" in ${store.location}`,
      "give a run id (see `conveyor runs list`) or an artifact digest (see `conveyor lineage <run>`)",
      "not_found",
    );
  }
  return { artifacts };
}

async function render(target: LineageTarget, graph: LineageGraph): Promise<string> {
  const [{ renderArtifactLineage, renderRunLineage }, { renderModelLineage }] = await Promise.all([
    import("../lineage-tree.ts"),
    import("../model-lineage-tree.ts"),
  ]);
  if ("run" in target) return renderRunLineage(target.run, graph);
  if ("artifacts" in target) return renderArtifactLineage(graph);
  const id = `models:/${target.version.model}/${target.version.version}`;
  return renderModelLineage(graph, graph.nodes.find((n) => n.id === id) as ModelVersionNode);
}

export function registerLineage(program: Command): void {
  program
    .command("lineage")
    .description(
      "show lineage: for a run, each task's input and output artifacts; for an artifact, who produced and used it; for a model version, what it was made from",
    )
    .argument("<target>", "a run id, an artifact digest (sha256:... or a prefix of its hex digits), or models:/name/3 or models:/name@alias")
    .option("--json", "print the lineage as a graph: { nodes, edges }")
    .addHelpText(
      "after",
      `
Examples:
  conveyor lineage 1m815hmhm3h03
  conveyor lineage sha256:3f2a9c41d0e7
  conveyor lineage 3f2a9c41 --json
  conveyor lineage models:/churn/3
  conveyor lineage models:/churn@champion --json

In the JSON graph an "input" edge goes from an artifact to a task that used it, an
"output" edge from a task to an artifact it produced ("cached": true when it was reused),
and a "registered" edge from an artifact to a model version (node id models:/name/3).`,
    )
    .action(async (what: string, opts: { json?: boolean }) => {
      await withStoredRuns(async ({ store, lineage }) => {
        const target = await findTarget(store, what);
        const graph = await lineage(target);
        if (opts.json) process.stdout.write(`${JSON.stringify(graph, null, 2)}\n`);
        else process.stdout.write(`${await render(target, graph)}\n`);
      });
    });
}
