/**
 * The events of a trigger fed by a monitor's alerts (kinds `drift` and `performance`): each
 * alert the monitor raised after the last one the trigger handled, of the trigger's sort (drift
 * in K consecutive windows, or a performance drop), becomes an event keyed by the monitor's
 * window, so recording it again (a restarted or second scheduler) records nothing.
 */
import { ConveyorError } from "../errors.ts";
import { readNewAlerts } from "../monitor/alerts.ts";
import type { MonitorAlertRecord } from "../store/monitor-types.ts";
import type { NewTriggerEvent } from "../store/trigger-types.ts";
import type { MetadataStore } from "../store/types.ts";
import type { AlertTrigger } from "./definition.ts";

type AlertStore = Pick<MetadataStore, "location" | "getMonitor" | "listMonitorAlerts" | "getMonitorWindow">;

const PAGE = 500;

/** The trigger's monitor must exist: a misspelt name would otherwise wait for alerts for ever. */
export async function checkAlertTrigger(store: AlertStore, trigger: AlertTrigger): Promise<void> {
  if (await store.getMonitor(trigger.monitor)) return;
  throw new ConveyorError(
    `trigger "${trigger.name}": no monitor "${trigger.monitor}" in ${store.location}`,
    "run the monitor once (`conveyor monitors run <file>`) so the store knows it, or fix the trigger's monitor name",
    "invalid_trigger",
  );
}

/** The id of the monitor's latest alert (0 without any): where a new trigger starts, having missed nothing. */
export async function latestAlert(store: AlertStore, monitor: string): Promise<number> {
  let last = 0;
  for (;;) {
    const page = await readNewAlerts(store, last, monitor, PAGE);
    if (page.length === 0) return last;
    last = (page.at(-1) as MonitorAlertRecord).id;
    if (page.length < PAGE) return last;
  }
}

/** The events of the alerts after `after`, and the id of the last alert read (to store as the trigger's watermark). */
export async function alertEvents(store: AlertStore, trigger: AlertTrigger, after: number): Promise<{ events: NewTriggerEvent[]; last: number }> {
  const alerts = await readNewAlerts(store, after, trigger.monitor, PAGE);
  const events: NewTriggerEvent[] = [];
  for (const alert of alerts) {
    if (!(trigger.kind === "drift" ? alert.driftDetected : alert.performanceDropped)) continue;
    const window = await store.getMonitorWindow(alert.windowId);
    events.push({
      trigger: trigger.name,
      key: `window@${alert.windowId}`,
      // The trigger's own kind: an alert of both sorts starts each trigger's run under its name.
      source: `${trigger.kind}:${trigger.monitor}@${alert.seq}`,
      payload: {
        monitor: trigger.monitor,
        window: alert.seq,
        windowId: alert.windowId,
        from: window?.from.toISOString() ?? null,
        to: window?.to.toISOString() ?? null,
        rows: window?.rows ?? null,
        deployment: window?.deployment ?? null,
        model: window?.model ?? null,
        version: window?.version ?? null,
        driftShare: window?.driftShare ?? null,
        report: window?.reportArtifactId ?? null,
      },
    });
  }
  return { events, last: alerts.at(-1)?.id ?? after };
}
