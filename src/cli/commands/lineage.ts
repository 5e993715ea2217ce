/** `conveyor lineage`: which artifacts a run's tasks used and produced, or where one artifact came from and went. */
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import type { ArtifactRecord, MetadataStore, RunRecord } from "../../store/types.ts";
import { withStoredRuns } from "../context.ts";
import { shortDigest } from "../format.ts";
import { artifactLineage, runLineage } from "../lineage-graph.ts";
import { renderArtifactLineage, renderRunLineage } from "../lineage-tree.ts";

/** Shortest digest prefix looked up, as for run ids: shorter ones match too much to mean anything. */
const MIN_DIGEST_PREFIX = 4;

type Target = { run: RunRecord } | { artifacts: ArtifactRecord[] };

/** A run id or prefix, or an artifact digest or prefix (with or without "sha256:"). */
async function findTarget(store: MetadataStore, what: string): Promise<Target> {
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

export function registerLineage(program: Command): void {
  program
    .command("lineage")
    .description("show lineage: for a run, each task's input and output artifacts; for an artifact, who produced and used it")
    .argument("<target>", "a run id, or an artifact digest (sha256:... or a prefix of its hex digits)")
    .option("--json", "print the lineage as a graph: { nodes, edges }")
    .addHelpText(
      "after",
      `
Examples:
  conveyor lineage 1m815hmhm3h03
  conveyor lineage sha256:3f2a9c41d0e7
  conveyor lineage 3f2a9c41 --json

In the JSON graph an "input" edge goes from an artifact to a task that used it, and an
"output" edge from a task to an artifact it produced ("cached": true when it was reused).`,
    )
    .action(async (what: string, opts: { json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        const target = await findTarget(store, what);
        const graph = "run" in target ? await runLineage(store, target.run) : await artifactLineage(store, target.artifacts);
        if (opts.json) process.stdout.write(`${JSON.stringify(graph, null, 2)}\n`);
        else process.stdout.write(`${"run" in target ? renderRunLineage(target.run, graph) : renderArtifactLineage(graph)}\n`);
      });
    });
}
