/**
 * What a deployment may hold, checked by the store before it writes so the CLI, the API and
 * the server get the same answer: its name (it appears in URLs), its stage, its traffic
 * policy and its rollback thresholds.
 */
import { ConveyorError } from "../errors.ts";
import { DEPLOYMENT_STAGES, type RollbackThresholds, type TrafficPolicy } from "./deployment-types.ts";

const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function checkDeploymentName(name: string): void {
  if (!DEPLOYMENT_NAME.test(name)) {
    throw new ConveyorError(
      `deployment name ${JSON.stringify(name)} is not valid`,
      "use letters, digits, '_', '.' and '-', starting with a letter or digit (at most 128)",
      "invalid_name",
    );
  }
}

export function checkStage(stage: string): void {
  if (!(DEPLOYMENT_STAGES as readonly string[]).includes(stage)) {
    throw new ConveyorError(`stage ${JSON.stringify(stage)} is not a deployment stage`, `use one of: ${DEPLOYMENT_STAGES.join(", ")}`, "invalid_deployment");
  }
}

function checkPercent(what: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 100) {
    throw new ConveyorError(
      `${what} ${value} is not a share of traffic a candidate can take`,
      "give a number above 0 and below 100 (promote the candidate to send it all traffic)",
      "invalid_deployment",
    );
  }
}

export function checkPolicy(policy: TrafficPolicy): void {
  if (policy.kind === "canary") checkPercent("canary percent", policy.percent);
  else if (policy.kind === "ab") checkPercent("A/B weight", policy.weight);
}

const RULES: Record<keyof RollbackThresholds, { test: (v: number) => boolean; rule: string }> = {
  maxErrorRate: { test: (v) => v >= 0 && v <= 1, rule: "a fraction from 0 to 1, e.g. 0.05" },
  maxP99Ms: { test: (v) => v > 0, rule: "milliseconds above 0" },
  minQuality: { test: (v) => v >= 0 && v <= 1, rule: "a fraction from 0 to 1, or null to not check a classifier's accuracy" },
  maxRmse: { test: (v) => v > 0, rule: "an RMSE above 0 in the target's unit, or null to not check a regressor's error" },
  windowSeconds: { test: (v) => v > 0, rule: "seconds above 0" },
  minRequests: { test: (v) => Number.isInteger(v) && v >= 1, rule: "a whole number of requests, at least 1" },
  minLabelled: { test: (v) => Number.isInteger(v) && v >= 1, rule: "a whole number of labelled predictions, at least 1" },
};

/** Thresholds that may be null: the checks they stand for are off. */
const OPTIONAL = new Set<keyof RollbackThresholds>(["minQuality", "maxRmse"]);

export function checkThresholds(thresholds: RollbackThresholds): void {
  for (const [key, { test, rule }] of Object.entries(RULES) as [keyof RollbackThresholds, (typeof RULES)[keyof RollbackThresholds]][]) {
    const value = thresholds[key];
    if (value === null && OPTIONAL.has(key)) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || !test(value)) {
      throw new ConveyorError(`rollback threshold ${key} ${JSON.stringify(value)} is not valid`, `give ${rule}`, "invalid_deployment");
    }
  }
}
