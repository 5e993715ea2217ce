/**
 * `conveyor models download`: a registered version's file, copied out of the store for use
 * elsewhere; with CONVEYOR_URL, downloaded from the server's artifact content endpoint.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { withStoredRuns } from "../context.ts";

/** The file name's extension for the artifact's media type. */
function extension(mediaType: string): string {
  if (mediaType === "application/json") return ".json";
  if (mediaType === "application/onnx" || mediaType.includes("onnx")) return ".onnx";
  return "";
}

export function registerModelsDownload(models: Command): void {
  models
    .command("download")
    .description("copy a registered version's model file into a folder, checked against its recorded digest")
    .argument("<model>", "a version: models:/churn/3, models:/churn@champion (or churn/3, churn@champion)")
    .option("-o, --output <dir>", "the folder to write it in (created if missing)", ".")
    .option("--json", "print the file written and the version as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor models download models:/churn@champion -o models/
  conveyor models download churn/3 -o /srv/models --json

The file is <model>-v<version>.json; load it in code with loadModel(JSON.parse(text)),
or, in the project, skip the copy: loadRegisteredModel("models:/churn@champion").`,
    )
    .action(async (reference: string, opts: { output: string; json?: boolean }) => {
      const [{ createHash, randomBytes }, { pipeline }] = await Promise.all([import("node:crypto"), import("node:stream/promises")]);
      await withStoredRuns(async (runs) => {
        const { version, artifact, content } = await runs.modelFile(reference);
        const dir = resolve(opts.output);
        const target = join(dir, `${version.model}-v${version.version}${extension(artifact.mediaType)}`);
        // Whole or not at all: written beside the target under a temporary name, its bytes
        // checked against the recorded digest (they may come over the network), then renamed.
        const temp = join(dir, `.${version.model}-v${version.version}.${randomBytes(4).toString("hex")}.tmp`);
        try {
          await mkdir(dir, { recursive: true });
          const hash = createHash("sha256");
          await pipeline(content, async function* (chunks: AsyncIterable<Uint8Array>) {
            for await (const chunk of chunks) {
              hash.update(chunk);
              yield chunk;
            }
          }, createWriteStream(temp));
          const received = `sha256:${hash.digest("hex")}`;
          if (received !== artifact.digest) {
            throw new ConveyorError(
              `the file of models:/${version.model}/${version.version} does not match its recorded digest: expected ${artifact.digest}, received ${received}`,
              "download it again; if it fails the same way, the stored file changed since it was registered",
              "corrupt_artifact",
            );
          }
          await rename(temp, target);
        } catch (error) {
          await rm(temp, { force: true });
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "ENOTDIR" || code === "EEXIST" || code === "ENOSPC") {
            throw new ConveyorError(`cannot write ${target} (${code})`, "give a folder you may write with -o", "write_failed");
          }
          throw error;
        }
        const written = { path: target, model: version.model, version: version.version, digest: artifact.digest, size: artifact.size };
        process.stdout.write(opts.json ? `${JSON.stringify(written, null, 2)}\n` : `wrote ${target} (models:/${version.model}/${version.version}, ${artifact.digest})\n`);
      });
    });
}
