/** The dashboard's monitors pages in Chromium, against a real `conveyor server` over the monitoring example's store: a calm window, two drifted ones, their alerts and reports. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { REPO_ROOT } from "../helpers/project.ts";
import { ensureDashboardBuilt, launchBrowser, skipReason, step } from "./browser.ts";
import { type Server, startServer } from "./harness.ts";

const TOKEN = "ui-monitors-token";
const TIMEOUT = { timeout: 120_000 };
const skip = skipReason();
if (skip) console.log(`# skipped: ${skip}`);

describe("monitors in the dashboard", { skip }, () => {
  let dir: string;
  let server: Server;
  let browser: Browser;

  before(async () => {
    await ensureDashboardBuilt();
    dir = await mkdtemp(join(tmpdir(), "conveyor-ui-monitors-"));
    const seeded = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "examples/monitoring/watch.ts"), dir], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, CONVEYOR_DB: "" },
    });
    assert.equal(seeded.status, 0, seeded.stderr);
    server = await startServer(dir, TOKEN);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function signedIn(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    await context.addInitScript({ content: `localStorage.setItem("conveyor.token", ${JSON.stringify(TOKEN)})` });
    return context.newPage();
  }

  it("lists the monitor and its alerts", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "monitors", async () => {
      await page.goto(`${server.url}/monitors`);
      const row = page.getByRole("table", { name: "monitors" }).getByRole("row", { name: /iris-watch/ });
      await row.waitFor();
      assert.deepEqual((await row.locator("td").allTextContents()).slice(0, 2), ["model models:/iris@champion", "3"]);
      assert.equal(await page.title(), "Monitors · Conveyor");
      const alerts = page.getByRole("table", { name: "alerts" });
      // The alerts come by a request of their own: wait for them before reading the table.
      await alerts.locator("tbody tr").first().waitFor();
      assert.deepEqual(await alerts.locator("tbody td:nth-child(3)").allTextContents(), ["iris-watch@3", "iris-watch@2"]);
      assert.equal(await alerts.locator("tbody tr").first().locator("td").nth(3).textContent(), "drift in consecutive windows, performance dropped");
      await alerts.getByRole("link", { name: "iris-watch@2" }).click();
      await page.waitForURL(/\/monitors\/iris-watch\?window=2$/);
      await page.getByRole("heading", { name: "Report of window 2" }).waitFor();
    });
  });

  it("shows drift per column over the windows, the windows' verdicts, and a window's report embedded", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "monitor", async () => {
      await page.goto(`${server.url}/monitors/iris-watch`);
      await page.locator(".u-title", { hasText: "Drift per column" }).waitFor();
      await page.locator(".u-title", { hasText: "Drifted share of columns" }).waitFor();
      // One line per column in the legend, beside the x axis.
      const legend = await page.locator("figure.chart", { hasText: "Drift per column" }).locator(".u-legend .u-label").allTextContents();
      assert.deepEqual(legend.slice(1).sort(), ["petal length (cm)", "petal width (cm)", "sepal length (cm)", "sepal width (cm)", "target"]);
      const windows = page.getByRole("table", { name: "windows" });
      assert.equal(await windows.locator("tbody tr").count(), 3);
      assert.match((await windows.getByRole("row", { name: /^1 / }).textContent()) ?? "", /calm \(0% of columns\)/);
      assert.match((await windows.getByRole("row", { name: /^3 / }).textContent()) ?? "", /drifted \(100% of columns\).*drift alert/);
      // The newest judged window's report is shown first; another is a click away.
      await page.getByRole("heading", { name: "Report of window 3" }).waitFor();
      await windows.getByRole("link", { name: "1", exact: true }).click();
      await page.getByRole("heading", { name: "Report of window 1" }).waitFor();
      const frame = page.frameLocator('iframe[title="report of iris-watch@1"]');
      await frame.getByText("sepal length (cm)").first().waitFor();
      assert.equal(await page.locator("iframe.report").getAttribute("sandbox"), "");
    });
  });

  it("draws the monitoring reports in the model version's lineage, both ways", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "monitor-lineage", async () => {
      await page.goto(`${server.url}/monitors/iris-watch`);
      await page.getByRole("table", { name: "windows" }).getByRole("link", { name: "iris v1" }).first().click();
      await page.waitForURL(/\/lineage\?model=iris&version=1$/);
      const graph = page.getByTestId("lineage");
      await graph.getByRole("link", { name: "iris v1 @champion" }).waitFor();
      await graph.getByRole("link", { name: "report iris-watch@1", exact: true }).waitFor();
      await graph.getByRole("link", { name: "report iris-watch@2 (drifted)" }).waitFor();
      await graph.getByRole("link", { name: "report iris-watch@3 (drifted)" }).click();
      await page.waitForURL(/\/monitors\/iris-watch\?window=3$/);
      await page.getByRole("heading", { name: "Report of window 3" }).waitFor();
    });
  });

  it("says so for an unknown monitor or window, and holds at a phone's width", TIMEOUT, async () => {
    const page = await signedIn({ width: 390, height: 844 });
    await step(page, "monitor-bad-and-phone", async () => {
      await page.goto(`${server.url}/monitors/no-such-monitor`);
      await page.getByRole("alert").getByText('no monitor "no-such-monitor"').waitFor();
      await page.goto(`${server.url}/monitors/iris-watch?window=99`);
      await page.getByRole("alert").getByText('monitor "iris-watch" has no window 99').waitFor();
      await page.goto(`${server.url}/monitors/iris-watch?window=abc`);
      await page.getByRole("alert").getByText('"abc" is not a window number').waitFor();
      for (const path of ["/monitors", "/monitors/iris-watch"]) {
        await page.goto(`${server.url}${path}`);
        await page.locator("h1").waitFor();
        await page.waitForLoadState("networkidle");
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone's screen`);
      }
    });
  });
});
