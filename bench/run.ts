/** `npm run bench`: every benchmark, each printing its figures as ratios to a baseline measured in the same run. */
import { cachedDemo } from "./cached-demo.ts";
import { cliStartup } from "./cli-startup.ts";
import { engineOverhead } from "./engine-overhead.ts";
import { ingestWide } from "./ingest-wide.ts";
import { mlModels } from "./ml-models.ts";
import { mlTrees } from "./ml-trees.ts";
import { serveBench } from "./serve.ts";
import { threadsBench } from "./threads.ts";
import { trackingBench } from "./tracking.ts";

console.log("== engine overhead (SQLite store) ==");
await engineOverhead();
console.log("\n== CLI start-up ==");
await cliStartup();
console.log("\n== CPU-bound tasks at once: -c 2 against -c 1 ==");
await threadsBench();
console.log("\n== demo pipeline ==");
await cachedDemo();
console.log("\n== tracking: metric history and run search (SQLite store) ==");
await trackingBench();
console.log("\n== tree models against scikit-learn (100,000 × 20 synthetic) ==");
await mlTrees();
console.log("\n== every model kind against scikit-learn: quality, and logistic regression speed ==");
await mlModels();
console.log("\n== wide CSV ingest beside DuckDB's own CSV-to-Parquet COPY ==");
await ingestWide({ repeats: 1 });
console.log("\n== serving: a random forest (100 trees) on breast_cancer beside FastAPI + uvicorn + scikit-learn ==");
await serveBench();
