/** `conveyor image`: the Dockerfile and .dockerignore it writes, its refusals, and (where Docker and the base image are here) the build. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { DEFAULT_BASE_IMAGE, projectImageName } from "../../src/export/container-image.ts";
import { assertOk, assertUserError, json, project } from "./harness.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** A user's project: it depends on conveyor and has a lockfile. */
async function userProject(pkg: object = { name: "@team/churn", version: "1.2.0", dependencies: { conveyor: "^0.1.0" } }) {
  const p = await project();
  await p.write("package.json", JSON.stringify(pkg));
  await p.write("package-lock.json", JSON.stringify({ name: "churn", lockfileVersion: 3, packages: {} }));
  return p;
}

describe("conveyor image", () => {
  it("writes a Dockerfile that installs the locked dependencies, copies the project and runs conveyor", async () => {
    const p = await userProject();
    const result = await p.cli("image");
    assertOk(result);
    assert.match(result.stdout, /build it: docker build -t team\/churn:1\.2\.0 \.\n$/);
    const dockerfile = readFileSync(join(p.dir, "Dockerfile"), "utf8");
    const lines = dockerfile.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    assert.deepEqual(lines, [
      `FROM ${DEFAULT_BASE_IMAGE}`,
      "WORKDIR /app",
      "RUN chown node:node /app",
      "USER node",
      "COPY --chown=node:node package.json package-lock.json ./",
      "RUN npm ci --no-audit --no-fund",
      "COPY --chown=node:node . .",
      "ENV CONVEYOR_ROOT=/app",
      'ENTRYPOINT ["/app/node_modules/.bin/conveyor"]',
      'CMD ["--help"]',
    ]);
    assert.match(dockerfile, /docker build -t team\/churn:1\.2\.0 \./);
    const ignored = readFileSync(join(p.dir, ".dockerignore"), "utf8").split("\n");
    for (const entry of ["node_modules", ".conveyor", ".git", ".env"]) assert.ok(ignored.includes(entry), `.dockerignore leaves out ${entry}`);

    // Written again (another base): it replaces its own Dockerfile.
    assertOk(await p.cli("image", "--base", "node:22-slim"));
    assert.match(readFileSync(join(p.dir, "Dockerfile"), "utf8"), /^FROM node:22-slim$/m);
  });

  it("writes elsewhere with -o, with the ignore file BuildKit reads beside that Dockerfile", async () => {
    const p = await userProject({ name: "Churn Model!", dependencies: { conveyor: "*" } });
    const out = join(p.dir, "deploy");
    const written = json<{ image: string; dockerfile: string; dockerignore: string }>(await p.cli("image", "-o", "deploy", "--json"));
    assert.deepEqual(written, { image: "churn-model:latest", dockerfile: join(out, "Dockerfile"), dockerignore: join(out, "Dockerfile.dockerignore") });
    assert.ok(existsSync(written.dockerignore));
    assert.equal(existsSync(join(p.dir, "Dockerfile")), false);
    assert.equal(await projectImageName(p.dir), written.image, "the name the exports give their tasks' containers");
  });

  it("puts Conveyor's own sources in place before npm ci, whose prepare script builds its CLI", async () => {
    const out = await project();
    const written = JSON.parse((await runIn(REPO_ROOT, ["image", "-o", out.dir, "--json"])).stdout) as { image: string; dockerfile: string };
    assert.equal(written.image, "conveyor:0.1.0");
    const dockerfile = readFileSync(written.dockerfile, "utf8");
    const copy = dockerfile.indexOf("COPY --chown=node:node . .");
    assert.ok(copy > 0 && copy < dockerfile.indexOf("RUN npm ci"), dockerfile);
    assert.match(dockerfile, /^ENTRYPOINT \["node","\/app\/dist\/cli\/main\.js"\]$/m);
  });

  it("refuses, changing nothing: no lockfile, no conveyor dependency, no package.json, a bad base, someone else's Dockerfile", async () => {
    const noLock = await project();
    await noLock.write("package.json", JSON.stringify({ name: "x", dependencies: { conveyor: "*" } }));
    assertUserError(await noLock.cli("image"), "has no package-lock.json", "npm install");
    const noDep = await userProject({ name: "x", dependencies: { lodash: "*" } });
    assertUserError(await noDep.cli("image"), "does not depend on conveyor", "npm install conveyor");
    const p = await userProject();
    assertUserError(await p.cli("image", "--base", "Not An Image"), '"Not An Image" is not a container image reference');
    writeFileSync(join(p.dir, "Dockerfile"), "FROM scratch\n");
    assertUserError(await p.cli("image"), "was not written by `conveyor image`", "--force");
    assert.equal(readFileSync(join(p.dir, "Dockerfile"), "utf8"), "FROM scratch\n");
    assert.equal(existsSync(join(p.dir, ".dockerignore")), false);
    assertOk(await p.cli("image", "--force"));
    const empty = await project();
    rmSync(join(empty.dir, "package.json"));
    assertUserError(await empty.cli("image"), "has no package.json");
  });

  it("builds an image that runs conveyor", async (t) => {
    const docker = await run("docker", ["info", "--format", "{{.ServerVersion}}"], { timeout: 20_000 }).catch(() => undefined);
    if (!docker) return t.skip("not built: no Docker daemon answers on this machine (the generated content is tested above)");
    const base = await run("docker", ["image", "inspect", DEFAULT_BASE_IMAGE], { timeout: 20_000 }).catch(() => undefined);
    if (!base) return t.skip(`not built: the base image ${DEFAULT_BASE_IMAGE} is not on this machine, and it cannot pull it`);
    const out = await project();
    const written = JSON.parse((await runIn(REPO_ROOT, ["image", "-o", out.dir, "--json"])).stdout) as { image: string; dockerfile: string };
    const tag = `conveyor-image-test:${process.pid}`;
    await run("docker", ["build", "-f", written.dockerfile, "-t", tag, REPO_ROOT], { timeout: 600_000 });
    try {
      const { stdout } = await run("docker", ["run", "--rm", tag, "--version"], { timeout: 60_000 });
      assert.equal(stdout.trim(), "0.1.0");
    } finally {
      await run("docker", ["image", "rm", tag]).catch(() => undefined);
    }
  });
});

/** The CLI with CONVEYOR_ROOT set to `root`, from the repository. */
async function runIn(root: string, args: string[]) {
  return run(process.execPath, [join(REPO_ROOT, "bin/conveyor.js"), ...args], { env: { ...process.env, CONVEYOR_ROOT: root }, cwd: REPO_ROOT });
}
