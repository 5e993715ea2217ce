/**
 * Who makes a change and why, for an audit trail (aliases, deployments): the body's `actor`,
 * else the X-Conveyor-Actor header, else "api", as the API has no user accounts to take it from.
 */
import type { FastifyRequest } from "fastify";

const ACTOR_HEADER = "x-conveyor-actor";

export function actorChange(request: FastifyRequest, body: { actor?: string; reason?: string | null }): { actor: string; reason: string | null } {
  const header = request.headers[ACTOR_HEADER];
  const fromHeader = typeof header === "string" && header.trim() !== "" ? header.trim().slice(0, 200) : undefined;
  return { actor: body.actor ?? fromHeader ?? "api", reason: body.reason ?? null };
}
