/**
 * The alerts monitors raised, for whatever acts on them (a drift or performance trigger, a
 * webhook): each is a stored record naming the monitor and window, read in the order raised.
 * A reader keeps the id of the last alert it handled and asks for those after it.
 */
import type { MonitorAlertRecord } from "../store/monitor-types.ts";
import type { MetadataStore } from "../store/types.ts";

/** Alerts raised after alert `after` (0: from the first), oldest first; of one monitor when given. */
export function readNewAlerts(store: Pick<MetadataStore, "listMonitorAlerts">, after: number, monitor?: string, limit = 100): Promise<MonitorAlertRecord[]> {
  return store.listMonitorAlerts({ after, limit, ...(monitor !== undefined && { monitor }) });
}

/** How a run started by the alert names it: `drift:churn-monitor@3`, `performance:churn-monitor@3`. */
export function alertSource(alert: MonitorAlertRecord): string {
  return `${alert.driftDetected ? "drift" : "performance"}:${alert.monitor}@${alert.seq}`;
}
