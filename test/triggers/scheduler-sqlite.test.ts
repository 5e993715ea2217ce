import { schedulerSuite } from "./scheduler-suite.ts";

schedulerSuite("sqlite");
