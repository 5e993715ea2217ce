/** Webhooks against receivers on loopback (retried, timing out, never holding a trigger), and hybrid checks. */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { parseTriggers, type TriggerInput } from "../../src/triggers/definition.ts";
import { fireTrigger } from "../../src/triggers/fire.ts";
import { Scheduler } from "../../src/triggers/scheduler.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";
import { recordingLog } from "./scheduler-suite.ts";

const PIPELINE = "test/triggers/fixtures/pipeline.ts";

async function receiver(answer: (request: IncomingMessage, body: string) => number | undefined): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (d: Buffer) => {
      body += d.toString();
    });
    request.on("end", () => {
      bodies.push(body);
      const status = answer(request, body);
      // undefined: never answer, as a receiver that hangs.
      if (status !== undefined) response.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, server };
}

describe("trigger alerts and checks", () => {
  let project: TestProject;
  const servers: Server[] = [];
  before(async () => {
    project = await testProject("sqlite");
  });
  after(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await project.cleanup();
  });

  function scheduler(triggers: TriggerInput[], log = recordingLog()): Scheduler {
    return new Scheduler({ store: project.store, engine: project.engine(), root: REPO_ROOT, triggers: parseTriggers(triggers, "test"), log, webhookBackoffMs: 10 });
  }

  it("retries a failing webhook with backoff until it is delivered", async () => {
    let firedTries = 0;
    // The "fired" alert fails twice; the run's end, sent meanwhile, is taken at once.
    const hook = await receiver((_, body) => (JSON.parse(body).event === "fired" && ++firedTries <= 2 ? 500 : 200));
    servers.push(hook.server);
    const log = recordingLog();
    const s = scheduler([{ name: "hooked", kind: "manual", pipeline: PIPELINE, webhooks: [{ url: hook.url, attempts: 4 }] }], log);
    await s.load();
    await fireTrigger(project.store, "hooked");
    await s.pass();
    await s.settled();
    await s.close();
    // Fired: three tries (two answered 500); the run's end: one.
    const sent = hook.bodies.map((b) => JSON.parse(b) as { trigger: string; event: string; run?: string });
    assert.deepEqual(sent.map((b) => `${b.trigger} ${b.event}`).sort(), ["hooked fired", "hooked fired", "hooked fired", "hooked run-ended"]);
    assert.equal(log.lines.filter((l) => l === `trigger "hooked": webhook ${hook.url} answered 500`).length, 2);
  });

  it("a webhook that times out holds neither the pass nor the run, and is reported naming the trigger", async () => {
    const hook = await receiver(() => undefined);
    servers.push(hook.server);
    const log = recordingLog();
    const s = scheduler([{ name: "slow-hook", kind: "manual", pipeline: PIPELINE, webhooks: [{ url: hook.url, attempts: 1, timeoutMs: 3000 }] }], log);
    await s.load();
    const event = await fireTrigger(project.store, "slow-hook");
    await s.pass();
    // The receiver never answers: the pass ended before the webhook gave up, with the run started.
    assert.equal((await project.store.getTriggerEvent(event?.id ?? ""))?.status, "fired");
    assert.ok(!log.lines.some((l) => l.includes("gave up")), log.lines.join("\n"));
    await s.settled();
    await s.close();
    assert.ok(log.lines.includes(`trigger "slow-hook": webhook ${hook.url} gave up after 1 tries (timed out after 3000 ms)`), log.lines.join("\n"));
  });

  it("a hybrid trigger starts its pipeline only when its check says so, with the check's params", async () => {
    const answers = [false, { run: true, params: { dataPath: "from-check" } }];
    const s = scheduler([
      { name: "if-needed", kind: "hybrid", cron: "0 0 * * *", pipeline: PIPELINE, check: () => answers.shift() ?? false },
    ]);
    await s.load();
    // A hybrid trigger's event is its due time; here recorded as a manual one to replay two ticks.
    const no = await fireTrigger(project.store, "if-needed", { key: "tick@1", source: "schedule:if-needed" });
    await s.pass();
    const yes = await fireTrigger(project.store, "if-needed", { key: "tick@2", source: "schedule:if-needed" });
    await s.pass();
    await s.settled();
    const skipped = await project.store.getTriggerEvent(no?.id ?? "");
    assert.deepEqual([skipped?.status, skipped?.reason], ["skipped", "its check answered not to run"]);
    const fired = await project.store.getTriggerEvent(yes?.id ?? "");
    assert.equal((await project.store.getRun(fired?.runId ?? ""))?.params.dataPath, "from-check");
  });

  it("names the trigger and the field of a bad definition", () => {
    assert.throws(() => parseTriggers([{ name: "nightly", kind: "schedule", cron: "0 25 * * *", pipeline: PIPELINE }], "triggers.json"), /triggers\.json: trigger "nightly": cron: invalid cron expression "0 25 \* \* \*"/);
    assert.throws(() => parseTriggers([{ name: "tz", kind: "schedule", cron: "0 * * * *", timezone: "Mars/Olympus", pipeline: PIPELINE }], "t"), /trigger "tz": timezone: an IANA time zone/);
    assert.throws(() => parseTriggers([{ name: "a", kind: "manual", pipeline: PIPELINE }, { name: "a", kind: "manual", pipeline: PIPELINE }], "t"), /trigger "a" is defined twice/);
  });
});
