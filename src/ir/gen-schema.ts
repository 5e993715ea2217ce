/** Writes src/ir/ir.schema.json (`npm run gen:schema`); a test checks it is up to date. */
import { writeFileSync } from "node:fs";
import { irJsonSchema } from "./json-schema.ts";

const target = new URL("./ir.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(irJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
