/** Writes the README's model parameter table (`npm run gen:model-params`); a test checks it is up to date. */
import { readFileSync, writeFileSync } from "node:fs";
import { withModelParamsTable } from "./model-params-table.ts";

const readme = new URL("../../../README.md", import.meta.url);
writeFileSync(readme, withModelParamsTable(readFileSync(readme, "utf8")));
process.stdout.write(`wrote the model parameter table in ${readme.pathname}\n`);
