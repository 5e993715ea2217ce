/** How `conveyor deploy` prints deployments and their audit trail. */
import pc from "picocolors";
import type { CandidateRoute, DeploymentEvent, DeploymentRecord, RollbackThresholds, TrafficPolicy } from "../store/deployment-types.ts";
import { table, timeText, valueText } from "./format.ts";

export function policyText(policy: TrafficPolicy): string {
  if (policy.kind === "canary") return `canary ${policy.percent}%`;
  if (policy.kind === "ab") return `A/B ${policy.weight}%`;
  return "shadow";
}

function candidateText(candidate: CandidateRoute | null): string {
  return candidate ? `${candidate.model} (${policyText(candidate.policy)})` : "";
}

export function renderDeployments(deployments: DeploymentRecord[]): string {
  const header = ["deployment", "stage", "stable", "candidate", "updated"].map((h) => pc.dim(h));
  return table([header, ...deployments.map((d) => [d.name, d.stage, d.stable, candidateText(d.candidate), timeText(d.updatedAt)])]);
}

/** "promote: models:/churn/7 now serves (stable models:/churn@champion)" and the like, one line. */
export function deploymentEventText(e: DeploymentEvent): string {
  const deployed = e.deployed ? ` (v${e.deployed.version} of ${e.deployed.model})` : "";
  switch (e.kind) {
    case "create":
      return `created: ${e.to.stable}${deployed}`;
    case "canary":
    case "shadow":
    case "ab":
      return `candidate ${candidateText(e.to.candidate)}${deployed}`;
    case "promote":
      return `promoted ${e.from?.candidate?.model ?? "the candidate"}: stable ${e.to.stable}${deployed}`;
    case "rollback":
      return e.from?.candidate ? `rolled back candidate ${e.from.candidate.model}` : `rolled back to ${e.to.stable}${deployed}`;
    case "auto_rollback": {
      const figures = Object.entries(e.figures ?? {}).map(([k, v]) => `${k}=${valueText(v)}`);
      return `automatically rolled back candidate ${e.from?.candidate?.model ?? ""} [${figures.join(" ")}]`;
    }
  }
}

/** The live quality thresholds, when any is set. */
function liveQualityText(t: RollbackThresholds): string {
  const limits = [t.minQuality === null ? null : `accuracy < ${t.minQuality}`, t.maxRmse === null ? null : `RMSE > ${t.maxRmse}`].filter((l) => l !== null);
  return limits.length === 0 ? "" : `; ${limits.join(", ")} once ${t.minLabelled} labelled`;
}

export function renderDeployment(d: DeploymentRecord, events: DeploymentEvent[]): string {
  const t = d.thresholds;
  const lines = [
    `${pc.bold(`deployment ${d.name}`)}  ${d.stage}`,
    `stable     ${d.stable}`,
    `candidate  ${candidateText(d.candidate) || pc.dim("none")}`,
    `rollback   error rate > ${t.maxErrorRate}, p99 > ${t.maxP99Ms} ms, over ${t.windowSeconds} s once ${t.minRequests} requests${liveQualityText(t)}`,
  ];
  lines.push(
    "",
    pc.bold("history"),
    table([["when", "change", "by", "reason"].map((h) => pc.dim(h)), ...events.map((e) => [timeText(e.createdAt), deploymentEventText(e), e.actor, e.reason ?? ""])]),
  );
  return lines.join("\n");
}
