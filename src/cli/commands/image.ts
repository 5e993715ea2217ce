/** `conveyor image`: a Dockerfile (and .dockerignore) for the project, the image cluster exports run tasks in. */
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import { containerImage, DEFAULT_BASE_IMAGE, GENERATED_MARKER } from "../../export/container-image.ts";
import { projectRoot } from "../context.ts";
import { writeFileAtomic } from "../write-atomic.ts";

export function registerImage(program: Command): void {
  program
    .command("image")
    .description("write a Dockerfile and .dockerignore that build the project's container image (its code, npm ci, entrypoint conveyor)")
    .option("--base <image>", "the base image, with Node 20 or later", DEFAULT_BASE_IMAGE)
    .option("-o, --output <dir>", "the folder to write them in (default: the project folder)")
    .option("--force", "replace a Dockerfile that `conveyor image` did not write")
    .option("--json", "print the image name and the files written as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor image
  docker build -t churn:1.0.0 . && docker run --rm churn:1.0.0 runs list
  conveyor image --base node:22-slim -o deploy/

The image is named after package.json (name:version); the Argo and KFP exports run each
task in it. It installs what package-lock.json pins (npm ci) and copies the project;
its entrypoint is conveyor. Written elsewhere than the project folder, the ignore file is
Dockerfile.dockerignore (BuildKit reads it beside its Dockerfile): build with
  docker build -f deploy/Dockerfile -t churn:1.0.0 .`,
    )
    .action(async (opts: { base: string; output?: string; force?: boolean; json?: boolean }) => {
      const root = projectRoot();
      const image = await containerImage(root, opts.base);
      const dir = resolve(opts.output ?? root);
      const dockerfile = join(dir, "Dockerfile");
      if (!opts.force && existsSync(dockerfile) && !readFileSync(dockerfile, "utf8").startsWith(GENERATED_MARKER)) {
        throw new ConveyorError(
          `${dockerfile} exists and was not written by \`conveyor image\``,
          "pass --force to replace it, or -o <dir> to write the new one elsewhere",
          "file_exists",
        );
      }
      const ignore = join(dir, dir === root ? ".dockerignore" : "Dockerfile.dockerignore");
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(dockerfile, image.dockerfile);
      await writeFileAtomic(ignore, image.dockerignore);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ image: image.imageName, dockerfile, dockerignore: ignore }, null, 2)}\n`);
        return;
      }
      const file = dir === root ? "" : ` -f ${relative(process.cwd(), dockerfile)}`;
      const context = relative(process.cwd(), root) || ".";
      process.stdout.write(`wrote ${dockerfile} and ${ignore}\nbuild it: docker build${file} -t ${image.imageName} ${context}\n`);
    });
}
