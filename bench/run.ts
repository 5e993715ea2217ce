/** `npm run bench`: every benchmark, each printing its figures as ratios to a baseline measured in the same run. */
import { engineOverhead } from "./engine-overhead.ts";

console.log("== engine overhead (SQLite store) ==");
await engineOverhead();
