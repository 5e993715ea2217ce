/** Retry delays: exponential backoff with "full jitter", so retries of many tasks spread out. */
import type { TaskOptionsIR } from "../ir/schema.ts";

export function retryDelayMs(retry: TaskOptionsIR["retry"], failedAttempt: number, random = Math.random): number {
  const exponential = retry.backoffMs * retry.factor ** (failedAttempt - 1);
  const capped = Math.min(retry.maxBackoffMs, exponential);
  return Math.round(capped / 2 + (random() * capped) / 2);
}
