/** Worker-thread entry of the drift pool (drift-pool.ts): judges the window columns it is asked for. */
import { serveJobs } from "../pool-worker.ts";
import { judgeJobColumn } from "./drift-job.ts";

serveJobs(judgeJobColumn);
