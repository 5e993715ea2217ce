import type { Json } from "../../json.ts";
import { newId } from "../ids.ts";
import type { MonitorAlertRecord, MonitorRecord, MonitorStore, MonitorWindowRecord, MonitorWindowStatus } from "../monitor-types.ts";
import type { StoreContext } from "./context.ts";
import { byNameInWindow } from "./list-window.ts";
import type { MonitorAlertRow, MonitorRow, MonitorWindowRow } from "./tables.ts";

const parsed = (text: string | null): Json | null => (text === null ? null : (JSON.parse(text) as Json));
const flag = (value: number | null): boolean | null => (value === null ? null : Number(value) === 1);
const bit = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

function toMonitor(row: MonitorRow): MonitorRecord {
  return {
    name: row.name,
    target: row.deployment !== null ? { deployment: row.deployment } : { model: row.model! },
    definition: parsed(row.definition)!,
    lastSeq: row.last_seq === null ? null : Number(row.last_seq),
    cursor: parsed(row.cursor),
    streak: parsed(row.streak),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

function toWindow(row: MonitorWindowRow): MonitorWindowRecord {
  return {
    id: row.id,
    monitor: row.monitor,
    seq: Number(row.seq),
    status: row.status as MonitorWindowStatus,
    reason: row.reason,
    from: new Date(Number(row.from_time)),
    to: new Date(Number(row.to_time)),
    rows: Number(row.rows),
    deployment: row.deployment,
    model: row.model,
    version: row.version === null ? null : Number(row.version),
    drifted: flag(row.drifted)!,
    driftShare: Number(row.drift_share),
    driftDetected: flag(row.drift_detected)!,
    streak: Number(row.streak),
    qualityPassed: flag(row.quality_passed),
    performanceDropped: flag(row.performance_dropped),
    reportArtifactId: row.report_artifact_id,
    htmlArtifactId: row.html_artifact_id,
    createdAt: new Date(Number(row.created_at)),
  };
}

function toAlert(row: Omit<MonitorAlertRow, "id"> & { id: number }): MonitorAlertRecord {
  return {
    id: Number(row.id),
    monitor: row.monitor,
    windowId: row.window_id,
    seq: Number(row.seq),
    driftDetected: flag(row.drift_detected)!,
    performanceDropped: flag(row.performance_dropped)!,
    createdAt: new Date(Number(row.created_at)),
  };
}

/**
 * A window is recorded by one transaction that first moves the monitor's state on, conditional
 * on the last window being the one the runner read: of two runners judging the same window,
 * the second updates nothing and records nothing.
 */
export function monitorQueries({ db, dialect }: StoreContext): MonitorStore {
  return {
    async saveMonitor(name, target, definition) {
      const now = Date.now();
      const deployment = "deployment" in target ? target.deployment : null;
      const model = "model" in target ? target.model : null;
      const row = await db
        .insertInto("monitors")
        .values({ name, deployment, model, definition: JSON.stringify(definition), last_seq: null, cursor: null, streak: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column("name").doUpdateSet({ deployment, model, definition: JSON.stringify(definition), updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toMonitor(row);
    },

    async getMonitor(name) {
      const row = await db.selectFrom("monitors").selectAll().where("name", "=", name).executeTakeFirst();
      return row && toMonitor(row);
    },

    async listMonitors() {
      const rows = await byNameInWindow(db.selectFrom("monitors").selectAll(), "name", dialect, undefined).execute();
      return rows.map(toMonitor);
    },

    recordMonitorWindow(window, state, figures) {
      return db.transaction().execute(async (trx) => {
        const now = Date.now();
        let update = trx
          .updateTable("monitors")
          .set({ last_seq: window.seq, cursor: JSON.stringify(state.cursor), streak: JSON.stringify(state.streak), updated_at: now })
          .where("name", "=", window.monitor);
        update = state.expectedLastSeq === null ? update.where("last_seq", "is", null) : update.where("last_seq", "=", state.expectedLastSeq);
        const moved = await update.executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return undefined;
        const row: MonitorWindowRow = {
          id: newId(),
          monitor: window.monitor,
          seq: window.seq,
          status: window.status,
          reason: window.reason,
          from_time: window.from.getTime(),
          to_time: window.to.getTime(),
          rows: window.rows,
          deployment: window.deployment,
          model: window.model,
          version: window.version,
          drifted: bit(window.drifted)!,
          drift_share: window.driftShare,
          drift_detected: bit(window.driftDetected)!,
          streak: window.streak,
          quality_passed: bit(window.qualityPassed),
          performance_dropped: bit(window.performanceDropped),
          report_artifact_id: window.reportArtifactId,
          html_artifact_id: window.htmlArtifactId,
          created_at: now,
        };
        await trx.insertInto("monitor_windows").values(row).execute();
        if (window.driftDetected || window.performanceDropped === true) {
          await trx
            .insertInto("monitor_alerts")
            .values({
              monitor: window.monitor,
              window_id: row.id,
              seq: window.seq,
              drift_detected: bit(window.driftDetected)!,
              performance_dropped: bit(window.performanceDropped === true)!,
              created_at: now,
            })
            .execute();
        }
        const points = Object.entries(figures).filter(([, value]) => Number.isFinite(value));
        if (points.length > 0) {
          await trx
            .insertInto("monitor_metrics")
            .values(points.map(([name, value]) => ({ monitor: window.monitor, seq: window.seq, name, value, time: now })))
            .execute();
        }
        return toWindow(row);
      });
    },

    async getMonitorWindow(id) {
      const row = await db.selectFrom("monitor_windows").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toWindow(row);
    },

    async findMonitorWindow(monitor, seq) {
      const row = await db.selectFrom("monitor_windows").selectAll().where("monitor", "=", monitor).where("seq", "=", seq).executeTakeFirst();
      return row && toWindow(row);
    },

    async listMonitorWindows(monitor, { limit = 100 } = {}) {
      const rows = await db.selectFrom("monitor_windows").selectAll().where("monitor", "=", monitor).orderBy("seq", "desc").limit(limit).execute();
      return rows.map(toWindow);
    },

    async versionMonitorWindows(model, version) {
      const rows = await db.selectFrom("monitor_windows").selectAll().where("model", "=", model).where("version", "=", version).orderBy("id").execute();
      return rows.map(toWindow);
    },

    async listMonitorAlerts({ after = 0, monitor, limit = 100 } = {}) {
      let query = db.selectFrom("monitor_alerts").selectAll().where("id", ">", after);
      if (monitor !== undefined) query = query.where("monitor", "=", monitor);
      const rows = await query.orderBy("id").limit(limit).execute();
      return rows.map(toAlert);
    },

    async monitorMetricHistory(monitor, name) {
      const rows = await db.selectFrom("monitor_metrics").selectAll().where("monitor", "=", monitor).where("name", "=", name).orderBy("seq").execute();
      return rows.map((r) => ({ monitor: r.monitor, seq: Number(r.seq), name: r.name, value: Number(r.value), time: new Date(Number(r.time)) }));
    },

    async monitorMetricNames(monitor) {
      const rows = await byNameInWindow(db.selectFrom("monitor_metrics").select("name").where("monitor", "=", monitor).groupBy("name"), "name", dialect, undefined).execute();
      return rows.map((r) => r.name);
    },
  };
}
