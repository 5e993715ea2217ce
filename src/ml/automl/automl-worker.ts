/** Worker-thread entry of the AutoML pool (automl-pool.ts): cross-validates the candidates it is asked for. */
import { serveJobs } from "../pool-worker.ts";
import { scoreStageCandidate } from "./stage-job.ts";

serveJobs(scoreStageCandidate);
