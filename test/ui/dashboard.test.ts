/** The dashboard in a real browser against a real `conveyor server`: runs, a run's live DAG and task detail, starting and acting on runs, bad input. */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { openStore } from "../../src/store/open.ts";
import type { Project } from "../cli/harness.ts";
import { ensureDashboardBuilt, launchBrowser, skipReason, step } from "./browser.ts";
import { api, runScript, type Server, seededProject, startServer, TRACKED_CURVE, TRACKED_MODEL } from "./harness.ts";

const TOKEN = "ui-test-token";
const TIMEOUT = { timeout: 90_000 };
const skip = skipReason();
if (skip) console.log(`# skipped: ${skip}`);

describe("the dashboard in Chromium", { skip }, () => {
  let p: Project;
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let runs: any[];

  before(async () => {
    await ensureDashboardBuilt();
    p = await seededProject();
    server = await startServer(p.dir, TOKEN);
    browser = await launchBrowser();
    runs = (await api(server, TOKEN, "/runs")).items;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A page of a browser that holds the token already, as after answering the prompt once. */
  async function signedIn(viewport = { width: 1280, height: 800 }): Promise<Page> {
    context = await browser.newContext({ viewport });
    await context.addInitScript({ content: `localStorage.setItem("conveyor.token", ${JSON.stringify(TOKEN)})` });
    return context.newPage();
  }

  const runOf = (pipeline: string) => runs.find((r) => r.pipelineName === pipeline);

  it("asks for the token, refuses a wrong one, and lists the runs with the right one", TIMEOUT, async () => {
    const page = await (await browser.newContext()).newPage();
    await step(page, "token", async () => {
      await page.goto(server.url);
      const dialog = page.getByRole("dialog", { name: "This server needs a token" });
      await dialog.waitFor();
      await page.getByLabel("Token", { exact: true }).fill("not-the-token");
      await page.getByRole("button", { name: "Use this token" }).click();
      await page.getByText("The server refused the token this page had.").waitFor();
      await page.getByLabel("Token", { exact: true }).fill(TOKEN);
      await page.getByRole("button", { name: "Use this token" }).click();
      await dialog.waitFor({ state: "detached" });
      await page.getByText("Runs 1–3 of 3").waitFor();
      assert.equal(await page.locator("table.runs tbody tr").count(), 3);
      assert.equal(await page.title(), "Runs · Conveyor");
    });
  });

  it("filters with the runs list language, sorts on the server, and says what is wrong in a filter", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "runs-filter", async () => {
      await page.goto(server.url);
      await page.getByLabel("Filter", { exact: true }).fill('status = "failed"');
      await page.getByRole("button", { name: "Apply" }).click();
      await page.getByText("Runs 1–1 of 1").waitFor();
      assert.equal(await page.locator("table.runs tbody tr td:nth-child(3)").textContent(), "failing");
      assert.match(page.url(), /where=status/);

      await page.getByLabel("Filter", { exact: true }).fill("");
      await page.getByRole("button", { name: "Apply" }).click();
      await page.getByText("Runs 1–3 of 3").waitFor();
      await page.getByRole("button", { name: "Pipeline" }).click();
      await page.locator('th[aria-sort="ascending"]').waitFor();
      const ascending = await page.locator("table.runs tbody tr td:nth-child(3)").allInnerTexts();
      assert.deepEqual(ascending, [...ascending].sort());
      await page.getByRole("button", { name: "Pipeline" }).click();
      await page.locator('th[aria-sort="descending"]').waitFor();
      assert.deepEqual(await page.locator("table.runs tbody tr td:nth-child(3)").allInnerTexts(), [...ascending].reverse());

      await page.getByLabel("Filter", { exact: true }).fill("metrics.loss >> 1");
      await page.getByRole("button", { name: "Apply" }).click();
      await page.getByRole("alert").filter({ hasText: "malformed filter" }).waitFor();
    });
  });

  it("starts a run from the form, checks the params first, and turns its DAG green task by task, live", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "start-and-follow", async () => {
      await page.goto(`${server.url}/start`);
      await page.getByLabel("Pipeline").selectOption({ label: "chain" });
      const size = page.getByLabel("size");
      await size.waitFor();
      assert.equal(await size.inputValue(), "3", "the default fills the field");
      await size.fill("11");
      const gate = join(p.dir, "gate");
      await page.getByLabel("gate").fill(gate);
      await page.getByRole("button", { name: "Start run" }).click();
      await page.getByText('parameter "size" must be at most 10, got 11').waitFor();
      assert.equal((await api(server, TOKEN, "/runs")).items.length, runs.length, "nothing was sent");

      await size.fill("2");
      await page.getByRole("button", { name: "Start run" }).click();
      await page.waitForURL(/\/runs\/\w+$/);
      const node = (name: string) => page.locator(`.react-flow__node[data-id="${name}"]`);
      await node("a").and(page.locator(".status-running")).waitFor();
      assert.match((await node("b").getAttribute("class")) ?? "", /status-pending/);
      for (const [name, next] of [["a", "b"], ["b", "c"], ["c", undefined]] as const) {
        await writeFile(`${gate}-${name}`, "");
        await node(name).and(page.locator(".status-succeeded")).waitFor();
        if (next) await node(next).and(page.locator(".status-running")).waitFor();
      }
      await page.locator("h1 .status-succeeded").waitFor();
      const id = page.url().split("/").at(-1) as string;
      assert.equal((await api(server, TOKEN, `/runs/${id}`)).run.status, "succeeded");

      await page.getByRole("link", { name: "Runs" }).click();
      await page.getByRole("link", { name: id }).waitFor();
    });
  });

  it("shows a failing task's error and log, and its attempts", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "failing-task", async () => {
      await page.goto(`${server.url}/runs/${runOf("failing").id}`);
      await page.getByRole("button", { name: /^broken/ }).click();
      await page.locator(".task-error").filter({ hasText: "bad rows: 7 of them have no label" }).waitFor();
      await page.getByRole("log").getByText("checking 7 rows").waitFor();
      // The attempts are read apart from the log: counted once they are shown.
      await page.getByRole("table", { name: "attempts" }).locator("tbody tr").first().waitFor();
      assert.equal(await page.getByRole("table", { name: "attempts" }).locator("tbody tr").count(), 1);
      assert.match(page.url(), /\?task=broken$/);
    });
  });

  it("shows a task's cache verdict and is usable with the keyboard", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "keyboard", async () => {
      await page.goto(`${server.url}/runs/${runOf("chain").id}`);
      const button = page.getByRole("button", { name: /^b succeeded/ });
      await button.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: /Task b/ }).waitFor();
      await page.locator(".cache-verdict").filter({ hasText: "no earlier run" }).waitFor();
    });
  });

  it("says so for an unknown run id and an unknown page", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "unknown-run", async () => {
      await page.goto(`${server.url}/runs/nosuchrun`);
      await page.getByRole("alert").filter({ hasText: 'run "nosuchrun" was not found' }).waitFor();
      await page.goto(`${server.url}/nowhere/at/all`);
      await page.getByRole("alert").filter({ hasText: "no page at /nowhere/at/all" }).waitFor();
    });
  });

  it("shows the API's refusal of an action, changing nothing", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "refused", async () => {
      const tracked = runOf("tracking") ?? runs.find((r) => r.experiment === "notebook");
      await page.goto(`${server.url}/runs/${tracked.id}`);
      await page.getByRole("button", { name: "Rerun" }).click();
      await page.getByRole("alert").filter({ hasText: "has no pipeline to run again" }).waitFor();
      assert.equal((await api(server, TOKEN, "/runs")).items.length, runs.length + 1, "only the run the form started is new");
    });
  });

  it("holds at a phone's width", TIMEOUT, async () => {
    const page = await signedIn({ width: 390, height: 844 });
    await step(page, "phone", async () => {
      for (const path of ["/", `/runs/${runOf("chain").id}?task=a`, "/start"]) {
        await page.goto(`${server.url}${path}`);
        await page.locator("main h1").waitFor();
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone's screen`);
      }
    });
  });

  it("says when the server goes away, and reconnects the event stream when it is back", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "reconnect", async () => {
      const started = await api(server, TOKEN, "/runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ digest: runOf("chain").pipelineDigest, params: { gate: join(p.dir, "held") } }),
      });
      await page.goto(`${server.url}/runs/${started.run.id}`);
      await page.locator('.react-flow__node[data-id="a"].status-running').waitFor();
      const port = server.port;
      // Stopping the server cancels the runs it drives (they stay resumable).
      await server.stop();
      await page.getByText("Lost the connection to the server; reconnecting…").waitFor();
      server = await startServer(p.dir, TOKEN, port);
      await page.getByText("Lost the connection to the server; reconnecting…").waitFor({ state: "detached" });
      await page.locator("h1 .status-cancelled").waitFor();
      await page.locator('.react-flow__node[data-id="a"].status-cancelled').waitFor();
    });
  });

  it("promotes a model version to an alias and rolls it back, changing the alias in the store", TIMEOUT, async () => {
    await p.write("model.ts", TRACKED_MODEL);
    for (const weights of ["first", "second"]) {
      runScript(p.dir, "model.ts", weights);
      const run = (await api(server, TOKEN, "/runs?limit=1")).items[0];
      await api(server, TOKEN, "/models/churn/versions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ run: run.id, task: "main" }),
      });
    }
    const champion = async () => (await api(server, TOKEN, "/models/churn")).model.aliases.champion;
    const page = await signedIn();
    await step(page, "models", async () => {
      await page.goto(server.url);
      await page.getByRole("link", { name: "Models" }).click();
      await page.getByRole("link", { name: "churn" }).click();
      await page.getByText("No alias points at a version.").waitFor();
      assert.equal(await page.getByRole("table", { name: "versions" }).locator("tbody tr").count(), 2);

      await page.getByLabel("Reason").fill("better on the holdout");
      await page.getByRole("button", { name: "Promote" }).click();
      await page.getByText("champion → version 2").waitFor();
      assert.equal(await champion(), 2);
      await page.getByLabel("Version", { exact: true }).selectOption("1");
      await page.getByRole("button", { name: "Promote" }).click();
      await page.getByText("champion → version 1").waitFor();
      assert.equal(await champion(), 1);

      await page.getByRole("button", { name: "Roll back champion" }).click();
      await page.getByText("champion → version 2").waitFor();
      assert.equal(await champion(), 2);
      const trail = page.getByRole("table", { name: "alias audit trail" });
      assert.equal(await trail.locator("tbody tr").count(), 3);
      await trail.getByText("better on the holdout").waitFor();
      assert.equal(await trail.getByText("dashboard", { exact: true }).count(), 3, "each move names the dashboard as its actor");

      await page.getByRole("button", { name: "Roll back champion" }).click();
      await page.getByRole("alert").filter({ hasText: "champion" }).waitFor();
      assert.equal(await champion(), 2, "a refused rollback changes nothing");
    });
  });

  it("downloads a task's artifact with the token", TIMEOUT, async () => {
    const run = (await api(server, TOKEN, `/runs/search?where=${encodeURIComponent('experiment = "models"')}&sort=created`)).items[0];
    const page = await signedIn();
    await step(page, "download", async () => {
      await page.goto(`${server.url}/runs/${run.id}?task=main`);
      const downloading = page.waitForEvent("download");
      await page.getByRole("button", { name: "download output model" }).click();
      const file = await (await downloading).path();
      assert.deepEqual(JSON.parse(await readFile(file, "utf8")), { weights: "first" });
      assert.match((await downloading).suggestedFilename(), /^model-[0-9a-f]+\.json$/, "the name the server gives");
    });
  });

  it("compares runs chosen on the runs page: differing params highlighted, metric histories overlaid", TIMEOUT, async () => {
    await p.write("curve.ts", TRACKED_CURVE);
    runScript(p.dir, "curve.ts", "0.1");
    runScript(p.dir, "curve.ts", "0.2");
    const page = await signedIn();
    await step(page, "compare", async () => {
      await page.goto(`${server.url}/?where=${encodeURIComponent('experiment = "curves"')}`);
      await page.getByText("Runs 1–2 of 2").waitFor();
      const ids = await page.locator("table.runs tbody tr td:nth-child(2)").allTextContents();
      for (const id of ids) await page.getByLabel(`compare run ${id}`).check();
      await page.getByRole("button", { name: "Compare 2 runs" }).click();
      await page.waitForURL(/\/compare\?runs=/);
      const lr = page.getByRole("row", { name: /^lr/ });
      await lr.waitFor();
      assert.match((await lr.getAttribute("class")) ?? "", /differs/);
      assert.deepEqual(await lr.locator("td").allTextContents(), ids.map((_, i) => (i === 0 ? "0.2" : "0.1")));
      const chart = page.getByRole("img", { name: "main.loss: history in 2 runs" });
      await chart.locator("canvas").waitFor();
      for (const id of ids) await chart.locator(".u-legend").getByText(id).waitFor();
    });
  });

  it("shows a deployment's traffic split and history, and promotes its candidate", TIMEOUT, async () => {
    const json = { "content-type": "application/json" };
    await api(server, TOKEN, "/deployments", { method: "POST", headers: json, body: JSON.stringify({ name: "churn-live", model: "models:/churn@champion" }) });
    await api(server, TOKEN, "/deployments/churn-live/candidate", {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ model: "models:/churn/1", policy: { kind: "canary", percent: 10 } }),
    });
    const page = await signedIn();
    await step(page, "deployments", async () => {
      await page.goto(server.url);
      await page.getByRole("link", { name: "Deployments" }).click();
      await page.getByRole("cell", { name: "90% models:/churn@champion, 10% models:/churn/1 (canary, sticky per request key)" }).waitFor();
      await page.getByRole("link", { name: "churn-live" }).click();
      await page.getByRole("button", { name: "Promote the candidate" }).click();
      await page.getByRole("table", { name: "deployment history" }).getByText("promoted from the dashboard").waitFor();
      const { deployment } = await api(server, TOKEN, "/deployments/churn-live");
      assert.equal(deployment.candidate, null);
      await page.getByText("100% models:/churn@champion").waitFor();
      assert.equal((await api(server, TOKEN, "/models/churn")).model.aliases.champion, 1, "promoting moved the stable alias to the candidate's version");
    });
  });

  it("pages through runs on the server, 50 at a time", TIMEOUT, async () => {
    // Recorded straight into the server's store, as another process would.
    const store = await openStore({ root: p.dir, url: "" });
    try {
      for (let i = 0; i < 60; i++) {
        await store.createRun(
          { pipeline: { digest: "sha256:bulk", name: "bulk", ir: {} }, params: { i }, options: { concurrency: 1, noCache: false, failFast: false }, trigger: "test" },
          [],
        );
      }
    } finally {
      await store.close();
    }
    const page = await signedIn();
    await step(page, "paging", async () => {
      await page.goto(`${server.url}/?where=${encodeURIComponent('pipeline = "bulk"')}&sort=${encodeURIComponent("params.i")}`);
      await page.getByText("Runs 1–50 of 60").waitFor();
      assert.equal(await page.locator("table.runs tbody tr").count(), 50);
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByText("Runs 51–60 of 60").waitFor();
      assert.match((await page.locator("table.runs tbody tr").first().textContent()) ?? "", /i=50/);
      assert.equal(await page.getByRole("button", { name: "Next" }).isDisabled(), true);
      await page.goBack();
      await page.getByText("Runs 1–50 of 60").waitFor();
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("button", { name: "First page" }).click();
      await page.getByText("Runs 1–50 of 60").waitFor();
    });
  });
});
