/**
 * `node --import conveyor/register script.ts`: runs a TypeScript script that uses Conveyor (the
 * tracking API, programmatic runs) from the user's own folder, through tsx, Conveyor's own
 * dependency, with its ES module hooks only (see executors/process.ts for why not its CommonJS one).
 */
import { register } from "tsx/esm/api";

register();
