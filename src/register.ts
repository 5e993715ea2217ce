/**
 * `node --import conveyor/register script.ts`: runs a TypeScript script that uses Conveyor (the
 * tracking API, programmatic runs) from the user's own folder, through tsx, Conveyor's own
 * dependency, with its ES module hooks only (see executors/process.ts for why not its CommonJS
 * one). The engine then imports component modules through tsx too: the script's own modules.
 */
import { register } from "tsx/esm/api";
import { leaveTypeScriptToTsx } from "./typescript-loader.ts";

register();
leaveTypeScriptToTsx();
