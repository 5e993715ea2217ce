/** `conveyor models download`: a registered version's file, copied out of the store for use elsewhere. */
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { modelVersionFile } from "../../registry/version-file.ts";
import { refuseRemote, withLocalStore } from "../context.ts";

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
      refuseRemote("models download", "copy a model from this machine's store");
      await withLocalStore(async ({ store, artifacts }) => {
        const { version, artifact, path } = await modelVersionFile(store, artifacts, reference);
        const dir = resolve(opts.output);
        const target = join(dir, `${version.model}-v${version.version}${extension(artifact.mediaType)}`);
        // Whole or not at all: copied beside the target under a temporary name, then renamed.
        const temp = join(dir, `.${version.model}-v${version.version}.${randomBytes(4).toString("hex")}.tmp`);
        try {
          await mkdir(dir, { recursive: true });
          await copyFile(path, temp);
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
