/** The dashboard's artifact previews and lineage graph in Chromium, against a real `conveyor server` whose store holds a trained, evaluated and registered model. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { project as cliProject, type Project, SDK } from "../cli/harness.ts";
import { ensureDashboardBuilt, launchBrowser, skipReason, step } from "./browser.ts";
import { api, runScript, type Server, startServer } from "./harness.ts";

const TOKEN = "ui-artifacts-token";
const TIMEOUT = { timeout: 120_000 };
const CSV = fileURLToPath(new URL("../../data/breast_cancer.csv", import.meta.url));
const skip = skipReason();
if (skip) console.log(`# skipped: ${skip}`);

/** CSV to a registered classifier: a Parquet Dataset, a Model, Metrics with curves, a model version. */
const TRAIN = `import { evaluateModel, ingestCsv, pipeline, registerModel, splitData, trainModel } from ${JSON.stringify(SDK)};
export default pipeline({ name: "cancer" }, () => {
  const raw = ingestCsv({ path: ${JSON.stringify(CSV)} });
  const split = splitData({ data: raw.outputs.data, target: "target", seed: 1, stratify: true });
  const fit = trainModel({ data: split.outputs.train, target: "target", kind: "logistic-regression", task: "classification" });
  evaluateModel({ model: fit.outputs.model, data: split.outputs.test });
  registerModel({ model: fit.outputs.model, name: "cancer", alias: "champion" });
});
`;

/** A small HTML report, and Metrics too large to preview (6 MiB). */
const REPORTS = `import { endRun, logArtifact, startRun } from ${JSON.stringify(SDK)};
import { writeFile } from "node:fs/promises";
await startRun({ experiment: "reports" });
await writeFile("report.html", "<html><body><h1>Drift report</h1><script>parent.document.title = 'hijacked'</script></body></html>");
await logArtifact("report.html", { name: "report", mediaType: "text/html" });
await writeFile("big.json", JSON.stringify({ values: "x".repeat(6 * 1024 * 1024) }));
await logArtifact("big.json", { type: "Metrics", name: "big" });
await endRun();
`;

describe("artifacts and lineage in the dashboard", { skip }, () => {
  let p: Project;
  let server: Server;
  let browser: Browser;
  /** Each artifact by the output name that made it. */
  const byName = new Map<string, any>();

  before(async () => {
    await ensureDashboardBuilt();
    p = await cliProject();
    await p.write("train.ts", TRAIN);
    await p.write("reports.ts", REPORTS);
    const ran = await p.cli("run", "train.ts");
    assert.equal(ran.code, 0, ran.stderr);
    runScript(p.dir, "reports.ts");
    server = await startServer(p.dir, TOKEN);
    browser = await launchBrowser();
    for (const run of (await api(server, TOKEN, "/runs")).items) {
      for (const use of (await api(server, TOKEN, `/runs/${run.id}/artifacts`)).items) {
        if (use.kind === "output") byName.set(`${use.task}.${use.name}`, use.artifact);
      }
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    await context.addInitScript({ content: `localStorage.setItem("conveyor.token", ${JSON.stringify(TOKEN)})` });
    return context.newPage();
  }

  const artifact = (name: string) => {
    const found = byName.get(name);
    assert.ok(found, `no output ${name} among ${[...byName.keys()].join(", ")}`);
    return found;
  };

  it("shows a Dataset's schema and its rows a page at a time", TIMEOUT, async () => {
    const page = await signedIn();
    const data = artifact("ingest-csv.data");
    await step(page, "dataset", async () => {
      await page.goto(`${server.url}/artifacts/${data.id}`);
      await page.getByText("Rows 1–50 of 569").waitFor();
      assert.equal(await page.title(), `Dataset ${data.id} · Conveyor`);
      const schema = page.getByRole("table", { name: "schema" });
      assert.equal(await schema.locator("tbody tr").count(), 31);
      assert.equal(await schema.getByRole("rowheader", { name: "mean radius", exact: true }).count(), 1);
      const profile = page.getByRole("table", { name: "profile" });
      // The profile is read by a request of its own, after the page shows its rows: wait for it.
      const radiusRow = profile.getByRole("row", { name: /^mean radius / });
      await radiusRow.waitFor();
      const radius = (await radiusRow.locator("td").allTextContents()).slice(0, 4);
      // Missing, distinct, min and median of the column in data/breast_cancer.csv.
      assert.deepEqual(radius, ["0", "456", "6.981", "13.37"]);
      const rows = page.getByRole("table", { name: "rows" });
      assert.equal(await rows.locator("tbody tr").count(), 50);
      await page.getByRole("button", { name: "Next rows" }).click();
      await page.getByText("Rows 51–100 of 569").waitFor();
      assert.equal(await rows.locator("tbody tr").first().locator("td").first().textContent(), "51");
      await page.getByRole("button", { name: "Previous rows" }).click();
      await page.getByText("Rows 1–50 of 569").waitFor();
    });
  });

  it("shows an evaluation's metrics, confusion matrix and curves", TIMEOUT, async () => {
    const page = await signedIn();
    const metrics = artifact("evaluate-model.metrics");
    const scores = JSON.parse(await (await fetch(`${server.url}/api/v1/artifacts/${metrics.id}/content`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()).scores;
    await step(page, "metrics", async () => {
      await page.goto(`${server.url}/artifacts/${metrics.id}`);
      const table = page.getByRole("table", { name: "metrics", exact: true });
      await table.waitFor();
      assert.equal(await table.getByRole("row", { name: /^accuracy / }).locator("td").textContent(), String(Number(scores.accuracy.toPrecision(6))));
      const confusion = page.getByRole("table", { name: "confusion matrix" });
      const cells = (await confusion.locator("tbody td").allTextContents()).map(Number);
      assert.equal(cells.length, 4);
      assert.equal(
        cells.reduce((a, b) => a + b, 0),
        114,
        "the test split's rows",
      );
      await page.locator(".u-title", { hasText: "ROC curve" }).waitFor();
      await page.locator(".u-title", { hasText: "Precision-recall curve" }).waitFor();
      assert.equal(await page.locator("figure.chart canvas").count(), 2);
    });
  });

  it("shows a model's signature and training metrics", TIMEOUT, async () => {
    const page = await signedIn();
    const model = artifact("train-model.model");
    await step(page, "model", async () => {
      await page.goto(`${server.url}/artifacts/${model.id}`);
      const signature = page.getByRole("table", { name: "signature" });
      await signature.waitFor();
      assert.equal(await signature.locator("tbody tr").count(), 30);
      await page.getByRole("table", { name: "training metrics" }).getByRole("rowheader", { name: "accuracy", exact: true }).waitFor();
      await page.getByText("logistic-regression").first().waitFor();
    });
  });

  it("embeds an HTML report without letting its script run, and downloads content too large to preview", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "report", async () => {
      const report = artifact("main.report");
      await page.goto(`${server.url}/artifacts/${report.id}`);
      const frame = page.frameLocator(`iframe[title="report ${report.id}"]`);
      await frame.getByRole("heading", { name: "Drift report" }).waitFor();
      assert.equal(await page.locator("iframe.report").getAttribute("sandbox"), "");
      assert.equal(await page.title(), `Artifact ${report.id} · Conveyor`);

      const big = artifact("main.big");
      await page.goto(`${server.url}/artifacts/${big.id}`);
      await page.getByRole("note").getByText("more than the 5.0 MiB the dashboard previews").waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
      assert.match(download.suggestedFilename(), /^metrics-[0-9a-f]+\.json$/);
      const saved = await download.path();
      assert.equal((await readFile(saved)).length, big.size);
    });
  });

  it("draws lineage from a dataset digest to the model version, and each node leads to its page", TIMEOUT, async () => {
    const page = await signedIn();
    const data = artifact("ingest-csv.data");
    await step(page, "lineage", async () => {
      await page.goto(`${server.url}/artifacts/${data.id}`);
      await page.getByRole("link", { name: "Lineage of this content" }).click();
      await page.waitForURL(/\/lineage\?artifact=/);
      const graph = page.getByTestId("lineage");
      await graph.getByRole("link", { name: "cancer v1 @champion" }).waitFor();
      await graph.getByRole("link", { name: "cancer · split-data" }).waitFor();
      await graph.getByRole("link", { name: "cancer · evaluate-model" }).waitFor();

      await page.goto(`${server.url}/lineage`);
      await page.getByLabel("Digest").fill(data.digest.slice(0, 19));
      await page.getByRole("button", { name: "Show lineage" }).click();
      await page.waitForURL(/\/lineage\?digest=sha256/);
      // From the keyboard: a node's link takes the focus and Enter follows it.
      await graph.getByRole("link", { name: "cancer v1 @champion" }).focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/models\/cancer$/);

      await page.goto(`${server.url}/lineage?digest=ffffffff`);
      await page.getByRole("alert").getByText('no artifact has a digest starting with "ffffffff"').waitFor();
      await page.goto(`${server.url}/lineage?digest=xyz`);
      await page.getByRole("alert").getByText("expected at least 4 hex digits").waitFor();
    });
  });

  it("lists experiments, each leading to its runs", TIMEOUT, async () => {
    const page = await signedIn();
    await step(page, "experiments", async () => {
      await page.goto(`${server.url}/experiments`);
      const table = page.getByRole("table", { name: "experiments" });
      const reports = table.getByRole("row", { name: /^reports / });
      await reports.waitFor();
      assert.equal(await page.title(), "Experiments · Conveyor");
      assert.equal(await reports.locator("td").first().textContent(), "1");
      await reports.getByRole("link", { name: "reports" }).click();
      await page.waitForURL(/\/\?where=experiment/);
      await page.getByText("Runs 1–1 of 1").waitFor();
      assert.equal(await page.getByLabel("Filter", { exact: true }).inputValue(), 'experiment = "reports"');
    });
  });

  it("says so for an unknown artifact, and holds at a phone's width", TIMEOUT, async () => {
    const page = await signedIn({ width: 390, height: 844 });
    await step(page, "artifact-bad-and-phone", async () => {
      await page.goto(`${server.url}/artifacts/no-such-artifact`);
      await page.getByRole("alert").getByText("no-such-artifact").waitFor();
      for (const path of [`/artifacts/${artifact("ingest-csv.data").id}`, `/artifacts/${artifact("evaluate-model.metrics").id}`, `/lineage?artifact=${artifact("ingest-csv.data").id}`, "/experiments"]) {
        await page.goto(`${server.url}${path}`);
        await page.locator("h1").waitFor();
        await page.waitForLoadState("networkidle");
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone's screen`);
      }
    });
  });
});
