/**
 * Alerts to webhooks: an HTTP POST of a JSON body, retried with backoff. Sending never throws
 * and is never awaited by the scheduler's pass, so a failing receiver never holds a trigger.
 */
import type { Json } from "../json.ts";
import type { TriggerLog } from "./log.ts";

export interface WebhookTarget {
  url: string;
  timeoutMs: number;
  attempts: number;
}

/** The first wait between tries; each next one doubles. */
const FIRST_BACKOFF_MS = 500;

/** Posts `body` until a 2xx answer or the tries run out; resolves true when it was delivered. */
export async function postWebhook(target: WebhookTarget, body: Record<string, Json>, log: TriggerLog, trigger: string, backoffMs = FIRST_BACKOFF_MS): Promise<boolean> {
  let problem = "";
  for (let attempt = 1; attempt <= target.attempts; attempt++) {
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok) return true;
      problem = `answered ${response.status}`;
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      problem = timedOut ? `timed out after ${target.timeoutMs} ms` : `failed: ${(error as Error).message}`;
    }
    log.warn({ trigger, url: target.url, attempt, of: target.attempts }, `trigger "${trigger}": webhook ${target.url} ${problem}`);
    if (attempt < target.attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
  }
  log.error({ trigger, url: target.url }, `trigger "${trigger}": webhook ${target.url} gave up after ${target.attempts} tries (${problem})`);
  return false;
}
