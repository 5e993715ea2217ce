import { ConveyorError } from "../../errors.ts";

/**
 * Whether a request is kept by a log that keeps `fraction` of them. Decided by a hash of the
 * request id rather than at random: every row of a request, and the shadow copy beside the
 * answer, are kept or left out together, so labels posted later join whole requests.
 */
export function keepsRequest(requestId: string, fraction: number): boolean {
  if (fraction >= 1) return true;
  // FNV-1a, 32 bits: fast, and spreads request ids (uuids, counters) evenly.
  let hash = 0x811c9dc5;
  for (let i = 0; i < requestId.length; i++) {
    hash ^= requestId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000 < fraction;
}

export function checkSampleFraction(fraction: number): number {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new ConveyorError(
      `prediction log: sample must be a fraction of requests in (0, 1], got ${fraction}`,
      "give e.g. 0.1 to log one request in ten, or 1 (the default) to log every request",
      "invalid_param",
    );
  }
  return fraction;
}
