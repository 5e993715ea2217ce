/**
 * `conveyor scheduler` as a user runs it: a per-second cron fires, the scheduler is killed with
 * kill -9 and restarted, and with catch-up "all" every second fires exactly once; `triggers
 * fire|list|history` around it; bad definitions are refused naming the trigger.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { assertOk, assertUserError, json, type Project, project, SDK } from "../cli/harness.ts";

const PIPELINE = `
import { component, param, pipeline } from ${JSON.stringify(SDK)};
export const note = component({
  name: "note",
  inputs: { reason: param.string() },
  outputs: { said: param.string() },
  run: async ({ reason }) => ({ said: reason }),
});
export default pipeline({ name: "nightly", params: { reason: param.string({ default: "schedule" }) } }, (p) => {
  note({ reason: p.reason }, { isolation: "inline" });
});
`;

const TRIGGERS = [
  { name: "every-second", kind: "schedule", cron: "* * * * * *", catchUp: "all", pipeline: "pipeline.ts", maxActiveRuns: 100 },
  { name: "by-hand", kind: "manual", pipeline: "pipeline.ts", eventParams: { reason: "reason" } },
];

interface Event {
  key: string;
  status: string;
  runId: string | null;
  source: string;
}

async function history(p: Project, name: string): Promise<Event[]> {
  return json<Event[]>(await p.cli("triggers", "history", name, "--limit", "1000", "--json"));
}

/** The fired events, or none while the scheduler has not yet made the project's store. */
async function firedCount(p: Project, name: string): Promise<number> {
  const result = await p.cli("triggers", "history", name, "--limit", "1000", "--json");
  return result.code === 0 ? (JSON.parse(result.stdout) as Event[]).filter((e) => e.status === "fired").length : 0;
}

/** Polls until `done` holds, at most `ms`: bounded, and no timing asserted. */
async function until(what: string, ms: number, done: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) assert.fail(`gave up waiting: ${what}`);
    await sleep(200);
  }
}

describe("conveyor scheduler", () => {
  it("fires every second once across a kill -9 and a restart, and fires a manual event", async () => {
    const p = await project();
    await p.write("pipeline.ts", PIPELINE);
    await p.write("triggers.json", JSON.stringify(TRIGGERS));

    const first = p.start("scheduler");
    await until("two fires before the kill", 30_000, async () => (await firedCount(p, "every-second")) >= 2);
    first.child.kill("SIGKILL");
    await first.done;
    await sleep(2500); // a gap of two seconds or more, which catch-up "all" fires after the restart

    const second = p.start("scheduler");
    const before = (await history(p, "every-second")).length;
    await until("fires after the restart", 30_000, async () => (await firedCount(p, "every-second")) >= before + 3);
    const fired = await p.cli("triggers", "fire", "by-hand", "--field", "reason=hotfix", "--json");
    const manual = json<Event & { id: string }>(fired);
    await until("the manual event fired", 30_000, async () => (await history(p, "by-hand")).some((e) => e.status === "fired"));
    second.child.kill("SIGTERM");
    const stopped = await second.done;
    assert.equal(stopped.code, 0, stopped.stderr);

    const events = (await history(p, "every-second")).reverse();
    const times = events.map((e) => Date.parse(e.key.replace(/^tick@/, "")));
    // Every second from the first to the last, each once: nothing missed over the kill, nothing twice.
    for (let i = 1; i < times.length; i++) assert.equal((times[i] as number) - (times[i - 1] as number), 1000, `tick ${i}: ${events[i]?.key} after ${events[i - 1]?.key}`);
    const runs = json<{ id: string; trigger: string }[]>(await p.cli("runs", "list", "--limit", "1000", "--json"));
    const ids = events.filter((e) => e.status === "fired").map((e) => e.runId);
    assert.equal(new Set(ids).size, ids.length, "one run per event");
    assert.equal(runs.filter((r) => r.trigger === "schedule:every-second").length, ids.length, "no run without its event");
    const [manualEvent] = await history(p, "by-hand");
    assert.equal(manualEvent?.runId && runs.find((r) => r.id === manualEvent.runId)?.trigger.startsWith("manual:"), true);
    assert.equal(manual.status, "pending");

    const list = json<{ name: string; lastFired: string | null }[]>(await p.cli("triggers", "list", "--json"));
    assert.deepEqual(
      list.map((t) => [t.name, t.lastFired !== null]),
      [
        ["every-second", true],
        ["by-hand", true],
      ],
    );
  });

  it("refuses an invalid cron expression and an unknown trigger, naming them", async () => {
    const p = await project();
    await p.write("pipeline.ts", PIPELINE);
    await p.write("bad.json", JSON.stringify([{ name: "broken", kind: "schedule", cron: "61 * * * *", pipeline: "pipeline.ts" }]));
    assertUserError(await p.cli("scheduler", "--triggers", "bad.json"), 'trigger "broken"', "cron: invalid cron expression");
    await p.write("triggers.json", JSON.stringify(TRIGGERS));
    assertUserError(await p.cli("triggers", "fire", "nope"), 'triggers.json defines no trigger "nope"');
    assertOk(await p.cli("scheduler", "--help"));
  });
});
