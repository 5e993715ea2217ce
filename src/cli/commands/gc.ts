/** `conveyor gc`: remove the artifact records and content files nothing refers to any more. */
import type { Command } from "commander";
import pc from "picocolors";
import { refuseRemote, withLocalStore } from "../context.ts";
import { bytesText, shortDigest } from "../format.ts";

export function registerGc(program: Command): void {
  program
    .command("gc")
    .description("remove artifacts no task of a remaining run and no model version refers to, with their files")
    .option("--dry-run", "show what would be removed, and remove nothing")
    .option("--json", "print what was removed as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor gc --dry-run
  conveyor gc

Delete runs and model versions first (conveyor runs delete, conveyor models delete).
Artifacts recorded since a run still in progress began are kept.`,
    )
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      // The artifact files are the server's to remove: it runs `conveyor gc` where they are.
      refuseRemote("gc", "collect this machine's artifacts (run it where the server's project is)");
      await withLocalStore(async ({ store, artifacts }) => {
        const dryRun = opts.dryRun === true;
        const collected = await store.collectGarbage({ dryRun });
        // Only after the commit: had it rolled back, every record would still need its file.
        // A run may record the same content again meanwhile: then the file stays.
        const digests = new Map(collected.artifacts.map((a) => [a.uri, a.digest]));
        const recordedAgain = (uri: string) => async () =>
          (await store.findArtifactsByDigest(digests.get(uri) ?? "")).some((a) => a.uri === uri);
        const files = [];
        for (const c of collected.contents) if (dryRun || (await artifacts.remove(c.uri, recordedAgain(c.uri)))) files.push(c);
        const bytes = files.reduce((sum, f) => sum + f.size, 0);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ dryRun, artifacts: collected.artifacts, files, bytes }, null, 2)}\n`);
          return;
        }
        const lines = collected.artifacts.map((a) => `  ${shortDigest(a.digest)}  ${a.type}  ${bytesText(a.size)}`);
        const verb = dryRun ? "would remove" : "removed";
        const size = bytes < 1024 ? `${bytes} bytes` : `${bytesText(bytes)}, ${bytes} bytes`;
        lines.push(`${verb} ${collected.artifacts.length} artifact records and ${files.length} files (${size})`);
        if (collected.artifacts.length === 0) lines.splice(0, lines.length, pc.dim("nothing to remove: every artifact is still referenced"));
        process.stdout.write(`${lines.join("\n")}\n`);
      });
    });
}
