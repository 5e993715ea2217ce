/** `conveyor gc`: remove the artifact records and content files nothing refers to any more. */
import type { Command } from "commander";
import pc from "picocolors";
import type { ArtifactStore, StoredContent } from "../../artifacts/types.ts";
import type { MetadataStore } from "../../store/types.ts";
import { refuseRemote, withLocalStore } from "../context.ts";
import { bytesText, shortDigest } from "../format.ts";

/**
 * How old a temporary file in the artifact store must be for gc to remove it: a writer renames
 * its own into place within moments (a copy from another disk within minutes), so one an hour
 * old was left by a writer that stopped.
 */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/** Content files no artifact record names: left by tasks that stopped between storing and recording. */
async function unrecordedContents(store: MetadataStore, artifacts: ArtifactStore): Promise<StoredContent[]> {
  const contents: StoredContent[] = [];
  for await (const content of artifacts.contents()) contents.push(content);
  const recorded = await store.recordedUris(contents);
  return contents.filter((c) => !recorded.has(c.uri));
}

export function registerGc(program: Command): void {
  program
    .command("gc")
    .description(
      "remove artifacts no task of a remaining run and no model version refers to, with their files, and content files no artifact record names",
    )
    .option("--dry-run", "show what would be removed, and remove nothing")
    .option("--json", "print what was removed as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor gc --dry-run
  conveyor gc

Delete runs and model versions first (conveyor runs delete, conveyor models delete).
Artifacts recorded since a run still in progress began are kept. Content files with no
record at all (a task stopped between storing an output and recording it) are removed too;
a run in progress that records one meanwhile puts it back. Temporary files a stopped writer
left in the artifact store are removed once an hour old.`,
    )
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      // The artifact files are the server's to remove: it runs `conveyor gc` where they are.
      refuseRemote("gc", "collect this machine's artifacts (run it where the server's project is)");
      await withLocalStore(async ({ store, artifacts }) => {
        const dryRun = opts.dryRun === true;
        // A gc stopped half-way (killed, a crash) leaves files set aside: finish or undo that first.
        if (!dryRun) await artifacts.restoreSetAside();
        // And a writer stopped half-way leaves a temporary file; a running writer's is younger.
        const temporaries = dryRun ? { files: 0, bytes: 0 } : await artifacts.removeStaleTemporaries(Date.now() - STALE_TEMPORARY_MS);
        const collected = await store.collectGarbage({ dryRun });
        // Only after the commit: had it rolled back, every record would still need its file.
        // A run may record the same content again meanwhile: then the file stays.
        const removed = async (c: { uri: string; digest: string }) =>
          dryRun || (await artifacts.remove(c.uri, async () => (await store.recordedUris([c])).has(c.uri)));
        const files = [];
        for (const c of collected.contents) if (await removed(c)) files.push(c);
        // In a dry run the collected records still name their files, so these are only the others.
        const unrecorded = [];
        for (const c of await unrecordedContents(store, artifacts)) if (await removed(c)) unrecorded.push(c);
        files.push(...unrecorded);
        const bytes = files.reduce((sum, f) => sum + f.size, 0);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ dryRun, artifacts: collected.artifacts, files, unrecorded, bytes, temporaries }, null, 2)}\n`);
          return;
        }
        const lines = [
          ...collected.artifacts.map((a) => `  ${shortDigest(a.digest)}  ${a.type}  ${bytesText(a.size)}`),
          ...unrecorded.map((c) => `  ${shortDigest(c.digest)}  (no record)  ${bytesText(c.size)}`),
        ];
        const verb = dryRun ? "would remove" : "removed";
        const size = bytes < 1024 ? `${bytes} bytes` : `${bytesText(bytes)}, ${bytes} bytes`;
        lines.push(`${verb} ${collected.artifacts.length} artifact records and ${files.length} files (${size})`);
        if (files.length === 0 && collected.artifacts.length === 0) {
          lines.splice(0, lines.length, pc.dim("nothing to remove: every artifact is still referenced"));
        }
        if (temporaries.files > 0) {
          lines.push(`removed ${temporaries.files} temporary files a stopped writer left (${bytesText(temporaries.bytes)})`);
        }
        process.stdout.write(`${lines.join("\n")}\n`);
      });
    });
}
