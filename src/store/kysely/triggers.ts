import type { Json } from "../../json.ts";
import { newId } from "../ids.ts";
import { TRIGGER_EVENT_TAG, TRIGGER_TAG, type TriggerEventRecord, type TriggerEventStatus, type TriggerStore } from "../trigger-types.ts";
import type { StoreContext } from "./context.ts";
import { toRunRecord } from "./rows.ts";
import type { TriggerEventRow } from "./tables.ts";

function toEvent(row: TriggerEventRow): TriggerEventRecord {
  return {
    id: row.id,
    trigger: row.trigger_name,
    key: row.event_key,
    source: row.source,
    payload: JSON.parse(row.payload) as Record<string, Json>,
    status: row.status as TriggerEventStatus,
    claimedBy: row.claimed_by,
    claimExpiresAt: row.claim_expires_at === null ? null : new Date(Number(row.claim_expires_at)),
    runId: row.run_id,
    reason: row.reason,
    createdAt: new Date(Number(row.created_at)),
    endedAt: row.ended_at === null ? null : new Date(Number(row.ended_at)),
  };
}

const toText = (watermark: Json | null): string | null => (watermark === null ? null : JSON.stringify(watermark));

/**
 * Every decision that two schedulers could race on is one statement the database serializes:
 * an insert that does nothing on a known key, an update conditional on the claim or the state.
 */
export function triggerQueries({ db }: StoreContext): TriggerStore {
  return {
    async recordTriggerEvent(event) {
      const row = await db
        .insertInto("trigger_events")
        .values({
          id: newId(),
          trigger_name: event.trigger,
          event_key: event.key,
          source: event.source,
          payload: JSON.stringify(event.payload),
          status: "pending",
          created_at: Date.now(),
        })
        .onConflict((oc) => oc.columns(["trigger_name", "event_key"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toEvent(row);
    },

    async getTriggerEvent(id) {
      const row = await db.selectFrom("trigger_events").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toEvent(row);
    },

    async listTriggerEvents({ trigger, status, limit = 100 }) {
      let query = db.selectFrom("trigger_events").selectAll();
      if (trigger !== undefined) query = query.where("trigger_name", "=", trigger);
      if (status !== undefined) query = query.where("status", "=", status);
      const rows = await query.orderBy("id", status === undefined ? "desc" : "asc").limit(limit).execute();
      return rows.map(toEvent);
    },

    async claimTriggerEvent(id, owner, expiresAt, staleOwners = []) {
      const row = await db
        .updateTable("trigger_events")
        .set({ status: "claimed", claimed_by: owner, claim_expires_at: expiresAt.getTime() })
        .where("id", "=", id)
        .where((eb) =>
          eb.or([
            eb("status", "=", "pending"),
            eb.and([
              eb("status", "=", "claimed"),
              eb.or([eb("claim_expires_at", "<=", Date.now()), ...(staleOwners.length > 0 ? [eb("claimed_by", "in", staleOwners)] : [])]),
            ]),
          ]),
        )
        .returningAll()
        .executeTakeFirst();
      return row && toEvent(row);
    },

    async endTriggerEvent(id, owner, end) {
      const pending = end.status === "pending";
      const result = await db
        .updateTable("trigger_events")
        .set({
          status: end.status,
          run_id: end.runId ?? null,
          reason: end.reason ?? null,
          claimed_by: pending ? null : owner,
          claim_expires_at: null,
          ended_at: pending ? null : Date.now(),
        })
        .where("id", "=", id)
        .where("status", "=", "claimed")
        .where("claimed_by", "=", owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async findTriggeredRun(eventId) {
      const row = await db
        .selectFrom("run_tags")
        .select("run_id")
        .where("key", "=", TRIGGER_EVENT_TAG)
        .where("value", "=", eventId)
        .executeTakeFirst();
      return row?.run_id;
    },

    async listActiveTriggerRuns(trigger) {
      const rows = await db
        .selectFrom("runs")
        .innerJoin("run_tags", "run_tags.run_id", "runs.id")
        .selectAll("runs")
        .where("run_tags.key", "=", TRIGGER_TAG)
        .where("run_tags.value", "=", trigger)
        .where("runs.status", "in", ["pending", "running"])
        .orderBy("runs.id")
        .execute();
      return rows.map(toRunRecord);
    },

    async lastTriggerFire(trigger) {
      const row = await db
        .selectFrom("trigger_events")
        .select((eb) => eb.fn.max("ended_at").as("last"))
        .where("trigger_name", "=", trigger)
        .where("status", "=", "fired")
        .executeTakeFirst();
      return row?.last == null ? undefined : new Date(Number(row.last));
    },

    async getTriggerState(name) {
      const row = await db.selectFrom("trigger_state").selectAll().where("name", "=", name).executeTakeFirst();
      if (!row) return undefined;
      return {
        name: row.name,
        lastTick: row.last_tick === null ? null : new Date(Number(row.last_tick)),
        watermark: row.watermark === null ? null : (JSON.parse(row.watermark) as Json),
        updatedAt: new Date(Number(row.updated_at)),
      };
    },

    async compareAndSetTriggerState(name, expected, next) {
      const values = { last_tick: next.lastTick?.getTime() ?? null, watermark: toText(next.watermark), updated_at: Date.now() };
      if (expected === undefined) {
        const row = await db
          .insertInto("trigger_state")
          .values({ name, ...values })
          .onConflict((oc) => oc.column("name").doNothing())
          .returning("name")
          .executeTakeFirst();
        return row !== undefined;
      }
      const lastTick = expected.lastTick?.getTime() ?? null;
      const watermark = toText(expected.watermark);
      const result = await db
        .updateTable("trigger_state")
        .set(values)
        .where("name", "=", name)
        .where((eb) => (lastTick === null ? eb("last_tick", "is", null) : eb("last_tick", "=", lastTick)))
        .where((eb) => (watermark === null ? eb("watermark", "is", null) : eb("watermark", "=", watermark)))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
