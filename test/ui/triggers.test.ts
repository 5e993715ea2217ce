/** The dashboard's triggers pages in Chromium, against a real `conveyor server` and a real `conveyor scheduler` that fires an event into a run. */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { project as cliProject, type Project } from "../cli/harness.ts";
import { ensureDashboardBuilt, launchBrowser, skipReason, step } from "./browser.ts";
import { api, CHAIN, type Server, startServer } from "./harness.ts";

const TOKEN = "ui-triggers-token";
const TIMEOUT = { timeout: 120_000 };
const BIN = fileURLToPath(new URL("../../bin/conveyor.js", import.meta.url));
const skip = skipReason();
if (skip) console.log(`# skipped: ${skip}`);

const TRIGGERS = [
  { name: "nightly", kind: "schedule", pipeline: "chain.ts", cron: "0 3 * * *" },
  { name: "retrain", kind: "manual", pipeline: "chain.ts", cooldownSeconds: 3600 },
];

describe("triggers in the dashboard", { skip }, () => {
  let p: Project;
  let server: Server;
  let browser: Browser;
  let runId: string;

  before(async () => {
    await ensureDashboardBuilt();
    p = await cliProject();
    await p.write("chain.ts", CHAIN);
    await p.write("triggers.json", JSON.stringify(TRIGGERS));
    server = await startServer(p.dir, TOKEN);
    browser = await launchBrowser();
    // A real scheduler fires the first event into a run; the second falls in the cooldown and is skipped.
    const { CONVEYOR_DB: _db, CONVEYOR_ROOT: _root, ...env } = process.env;
    const scheduler: ChildProcess = spawn(process.execPath, [BIN, "scheduler"], { cwd: p.dir, env, stdio: ["ignore", "ignore", "pipe"] });
    try {
      // Events are posted once it has the store open and its triggers loaded: it says so on stderr.
      await new Promise<void>((resolve, reject) => {
        let said = "";
        scheduler.stderr?.on("data", (d: Buffer) => {
          said += d.toString();
          if (said.includes("scheduler started")) resolve();
        });
        scheduler.on("close", () => reject(new Error(`conveyor scheduler exited before starting:\n${said}`)));
      });
      const post = (key: string) => api(server, TOKEN, "/triggers/retrain/events", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key, source: "manual:test" }) });
      /** The trigger's events once `done` holds of them (failing, with what they were, after a minute). */
      const eventsWhen = async (done: (events: any[]) => boolean, what: string) => {
        for (let tries = 0; tries < 600; tries++) {
          const events: any[] = await api(server, TOKEN, "/triggers/retrain/events");
          if (done(events)) return events;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail(`the scheduler did not ${what}: ${JSON.stringify(await api(server, TOKEN, "/triggers/retrain/events"))}`);
      };
      await post("first");
      runId = (await eventsWhen((e) => e.length === 1 && e[0].status === "fired", "fire the first event"))[0].runId;
      await post("second");
      await eventsWhen((e) => e.length === 2 && e[0].status === "skipped", "skip the second event");
    } finally {
      const exited = new Promise((resolve) => scheduler.on("close", resolve));
      scheduler.kill("SIGTERM");
      await exited;
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport, timezoneId: "UTC", locale: "en-US" });
    await context.addInitScript({ content: `localStorage.setItem("conveyor.token", ${JSON.stringify(TOKEN)})` });
    return context.newPage();
  }

  it("lists each trigger with its next fire time, and shows a trigger's history with the run it started", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "triggers", async () => {
      await page.goto(`${server.url}/triggers`);
      const table = page.getByRole("table", { name: "triggers" });
      const nightly = table.getByRole("row", { name: /^nightly / });
      await nightly.waitFor();
      assert.equal(await page.title(), "Triggers · Conveyor");
      const cells = await nightly.locator("td").allTextContents();
      assert.equal(cells[0], "0 3 * * * (UTC)");
      assert.match(cells[1] ?? "", / 3:00:00 AM$/);
      assert.equal(cells[2], "never");
      const retrain = await table.getByRole("row", { name: /^retrain / }).locator("td").allTextContents();
      assert.deepEqual([retrain[1], retrain[2] === "never"], ["when it sees one", false]);

      await table.getByRole("link", { name: "retrain" }).click();
      await page.waitForURL(/\/triggers\/retrain$/);
      const history = page.getByRole("table", { name: "history" });
      await history.waitFor();
      const rows = history.locator("tbody tr");
      assert.equal(await rows.count(), 2);
      assert.match((await rows.nth(0).textContent()) ?? "", /skipped.*cooldown/);
      await rows.nth(1).getByRole("link", { name: runId }).click();
      await page.waitForURL(new RegExp(`/runs/${runId}$`));
      await page.getByRole("heading", { name: new RegExp(`Run ${runId}`) }).waitFor();
    });
  });

  it("says so for a trigger the file does not define, and holds at a phone's width", TIMEOUT, async () => {
    const page = await signedIn({ width: 390, height: 844 });
    await step(page, "triggers-bad-and-phone", async () => {
      await page.goto(`${server.url}/triggers/no-such-trigger`);
      await page.getByRole("alert").getByText('the project\'s triggers file defines no trigger "no-such-trigger"').waitFor();
      for (const path of ["/triggers", "/triggers/retrain"]) {
        await page.goto(`${server.url}${path}`);
        await page.locator("h1").waitFor();
        await page.waitForLoadState("networkidle");
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone's screen`);
      }
    });
  });
});
