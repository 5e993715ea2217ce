/** Deployments and their audit trail (see deployment-types.ts). */
import type { Kysely } from "kysely";
import { ConveyorError } from "../../errors.ts";
import { deploymentNotFound } from "../deployment-errors.ts";
import { checkDeploymentName, checkPolicy, checkStage, checkThresholds } from "../deployment-checks.ts";
import {
  type CandidateRoute,
  DEFAULT_THRESHOLDS,
  type DeployedVersion,
  type DeploymentChange,
  type DeploymentEvent,
  type DeploymentEventKind,
  type DeploymentRecord,
  type DeploymentStage,
  type DeploymentState,
  type DeploymentStore,
  type RollbackThresholds,
} from "../deployment-types.ts";
import type { StoreContext } from "./context.ts";
import { byNameInWindow, inWindow } from "./list-window.ts";
import type { DeploymentEventRow, DeploymentRow, Tables } from "./tables.ts";

function toDeploymentRecord(row: DeploymentRow): DeploymentRecord {
  return {
    name: row.name,
    stage: row.stage as DeploymentStage,
    stable: row.stable,
    candidate: row.candidate === null ? null : (JSON.parse(row.candidate) as CandidateRoute),
    // A deployment recorded before a threshold existed gets that threshold's default.
    thresholds: { ...DEFAULT_THRESHOLDS, ...(JSON.parse(row.thresholds) as Partial<RollbackThresholds>) },
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toDeploymentEvent(row: Omit<DeploymentEventRow, "id"> & { id: number }): DeploymentEvent {
  return {
    id: Number(row.id),
    deployment: row.deployment,
    kind: row.kind as DeploymentEventKind,
    from: row.from_state === null ? null : (JSON.parse(row.from_state) as DeploymentState),
    to: JSON.parse(row.to_state) as DeploymentState,
    deployed: row.model === null || row.version === null ? null : { model: row.model, version: row.version },
    figures: row.figures === null ? null : (JSON.parse(row.figures) as Record<string, number>),
    actor: row.actor,
    reason: row.reason,
    createdAt: new Date(row.created_at),
  };
}

const stateOf = (d: DeploymentState): DeploymentState => ({ stable: d.stable, candidate: d.candidate });

async function recordEvent(
  trx: Kysely<Tables>,
  event: { deployment: string; kind: DeploymentEventKind; from: DeploymentState | null; to: DeploymentState; deployed: DeployedVersion | null; figures: Record<string, number> | null },
  change: DeploymentChange,
  now: number,
): Promise<DeploymentEvent> {
  const row: Omit<DeploymentEventRow, "id"> = {
    deployment: event.deployment,
    kind: event.kind,
    from_state: event.from === null ? null : JSON.stringify(stateOf(event.from)),
    to_state: JSON.stringify(stateOf(event.to)),
    model: event.deployed?.model ?? null,
    version: event.deployed?.version ?? null,
    figures: event.figures === null ? null : JSON.stringify(event.figures),
    actor: change.actor,
    reason: change.reason ?? null,
    created_at: now,
  };
  const { id } = await trx.insertInto("deployment_events").values(row).returning("id").executeTakeFirstOrThrow();
  return toDeploymentEvent({ ...row, id: Number(id) });
}

export function deploymentQueries({ db, dialect, location }: StoreContext): DeploymentStore {
  const find = (q: Kysely<Tables>, name: string) => q.selectFrom("deployments").selectAll().where("name", "=", name).executeTakeFirst();
  return {
    async createDeployment(d, change) {
      checkDeploymentName(d.name);
      checkStage(d.stage);
      const thresholds = { ...DEFAULT_THRESHOLDS, ...d.thresholds };
      checkThresholds(thresholds);
      return db.transaction().execute(async (trx) => {
        if (await find(trx, d.name)) {
          throw new ConveyorError(
            `deployment "${d.name}" already exists`,
            `see it with \`conveyor deploy show ${d.name}\`, or choose another name`,
            "duplicate_deployment",
          );
        }
        const now = Date.now();
        const row: DeploymentRow = {
          name: d.name,
          stage: d.stage,
          stable: d.stable,
          candidate: null,
          thresholds: JSON.stringify(thresholds),
          created_at: now,
          updated_at: now,
        };
        await trx.insertInto("deployments").values(row).execute();
        const deployment = toDeploymentRecord(row);
        const event = await recordEvent(trx, { deployment: d.name, kind: "create", from: null, to: deployment, deployed: d.deployed, figures: null }, change, now);
        return { deployment, event };
      });
    },

    async getDeployment(name) {
      const row = await find(db, name);
      return row && toDeploymentRecord(row);
    },

    async listDeployments(window) {
      const rows = await byNameInWindow(db.selectFrom("deployments").selectAll(), "name", dialect, window).execute();
      return rows.map(toDeploymentRecord);
    },

    async updateDeployment(name, update, change) {
      if (update.to.candidate) checkPolicy(update.to.candidate.policy);
      return db.transaction().execute(async (trx) => {
        const now = Date.now();
        // Takes the row lock first (Postgres; SQLite has one writer), so changes of one deployment happen in turn.
        const locked = await trx.updateTable("deployments").set({ updated_at: now }).where("name", "=", name).executeTakeFirst();
        if (locked.numUpdatedRows === 0n) throw deploymentNotFound(name, location);
        const before = toDeploymentRecord((await find(trx, name)) as DeploymentRow);
        if (update.ifCandidate !== undefined && (before.candidate?.model ?? null) !== update.ifCandidate) {
          throw new ConveyorError(
            `deployment "${name}" no longer has candidate ${update.ifCandidate ?? "(none)"}: it has ${before.candidate?.model ?? "none"}`,
            `see its latest changes with \`conveyor deploy show ${name}\``,
            "conflict",
          );
        }
        await trx
          .updateTable("deployments")
          .set({ stable: update.to.stable, candidate: update.to.candidate === null ? null : JSON.stringify(update.to.candidate) })
          .where("name", "=", name)
          .execute();
        const deployment: DeploymentRecord = { ...before, ...stateOf(update.to), updatedAt: new Date(now) };
        const event = await recordEvent(
          trx,
          { deployment: name, kind: update.kind, from: before, to: update.to, deployed: update.deployed ?? null, figures: update.figures ?? null },
          change,
          now,
        );
        return { deployment, event };
      });
    },

    async deploymentEvents(name, window) {
      if (!(await find(db, name))) throw deploymentNotFound(name, location);
      const rows = await inWindow(db.selectFrom("deployment_events").selectAll().where("deployment", "=", name).orderBy("id"), window).execute();
      return rows.map(toDeploymentEvent);
    },

    async versionDeployments(model, version) {
      const rows = await db.selectFrom("deployment_events").selectAll().where("model", "=", model).where("version", "=", version).orderBy("id").execute();
      return rows.map(toDeploymentEvent);
    },
  };
}
