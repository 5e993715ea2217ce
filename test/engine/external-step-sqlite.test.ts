import { externalStepSuite } from "./external-step-suite.ts";

externalStepSuite("sqlite");
