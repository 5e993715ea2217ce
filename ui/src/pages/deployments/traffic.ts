/** Where a deployment's requests go: the stable reference's share and the candidate's, as its policy says. */
import type { Deployment } from "../../api/types.ts";

export function trafficSplit(d: Deployment): string {
  const c = d.candidate;
  if (!c) return `100% ${d.stable}`;
  if (c.policy.kind === "shadow") return `100% ${d.stable}; a copy of each request to ${c.model} (shadow, answers only logged)`;
  const share = c.policy.kind === "canary" ? c.policy.percent : c.policy.weight;
  const how = c.policy.kind === "canary" ? "canary, sticky per request key" : "A/B";
  return `${100 - share}% ${d.stable}, ${share}% ${c.model} (${how})`;
}
