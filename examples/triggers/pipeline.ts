/**
 * The pipeline the example's triggers start: it reads the CSV files a new-data trigger saw and
 * checks that they are still the data the trigger pinned (the content digest it was given), so a
 * run never trains on files that changed after the event.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { component, param, pipeline } from "../../src/index.ts";

export const countRows = component({
  name: "count-rows",
  inputs: { folder: param.string(), digest: param.string() },
  outputs: { rows: param.int() },
  run: async ({ folder, digest }) => {
    if (folder === "") return { rows: 0 };
    // The example's project root is the repository's.
    const root = resolve(import.meta.dirname, "../..");
    // The same digest as the trigger's: each file's path (relative to the project) and content hash, in path order.
    const files = (await readdir(join(root, folder))).filter((f) => f.endsWith(".csv")).sort();
    const hash = createHash("sha256");
    let rows = 0;
    for (const file of files) {
      const content = await readFile(join(root, folder, file));
      hash.update(`${folder}/${file}\0${createHash("sha256").update(content).digest("hex")}\n`);
      rows += content.toString().trim().split("\n").length - 1;
    }
    if (`sha256:${hash.digest("hex")}` !== digest) throw new Error(`the data in ${folder} changed since the trigger saw it (${digest})`);
    return { rows };
  },
});

export default pipeline({ name: "ingest-new-data", params: { folder: param.string({ default: "" }), digest: param.string({ default: "" }) } }, (p) => {
  countRows({ folder: p.folder, digest: p.digest }, { isolation: "inline" });
});
