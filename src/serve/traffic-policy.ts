/**
 * Which of a deployment's two versions answers a request, under its traffic policy. Pure and
 * deterministic: a canary or A/B candidate answers a share of request keys, the key hashed (with
 * the deployment's name, so two deployments split users independently) so one user always sees
 * one version; a request without a key is placed at random. A shadow never answers: it gets a
 * copy of every request.
 */
import type { TrafficPolicy } from "../store/deployment-types.ts";

export interface TrafficChoice {
  /** Whose answer is returned. */
  primary: "stable" | "candidate";
  /** Whether the candidate also gets a copy whose answer is only logged. */
  shadow: boolean;
}

/** Buckets per percent: shares down to 0.01% are honoured. */
const BUCKETS = 10_000;

/** FNV-1a over UTF-16 code units, then murmur3's finalizer so nearby keys ("user-1", "user-2") land far apart. */
export function keyHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The request's place in [0, 100): by its key when it has one, else at random. */
function position(salt: string, key: string | undefined, random: () => number): number {
  if (key === undefined) return random() * 100;
  return ((keyHash(`${salt}\u0000${key}`) % BUCKETS) * 100) / BUCKETS;
}

export function chooseVersion(policy: TrafficPolicy, salt: string, key: string | undefined, random: () => number = Math.random): TrafficChoice {
  if (policy.kind === "shadow") return { primary: "stable", shadow: true };
  const share = policy.kind === "canary" ? policy.percent : policy.weight;
  return { primary: position(salt, key, random) < share ? "candidate" : "stable", shadow: false };
}
