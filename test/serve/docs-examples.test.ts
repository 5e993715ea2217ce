/** Every curl example in docs/serving.md, sent to a real server: the answer is the one the page shows. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ModelServer } from "../../src/serve/server.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";
import { churnTable, fit, priceTable, register, serve } from "./serving-fixtures.ts";

interface Example {
  readonly command: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string | undefined;
  readonly answer: string;
}

/** Each ```sh block with a curl to the server, and the ```json block after it. */
async function examples(): Promise<Example[]> {
  const page = await readFile(join(REPO_ROOT, "docs", "serving.md"), "utf8");
  const found: Example[] = [];
  for (const match of page.matchAll(/```sh\n(curl [^\n]+)\n```\n\n```json\n([^\n]+)\n```/g)) {
    const command = match[1]!;
    const path = /http:\/\/127\.0\.0\.1:8080(\S+)/.exec(command)![1]!;
    const contentType = /-H 'Content-Type: ([^']+)'/.exec(command)?.[1];
    const body = /-d '([^']*)'/.exec(command)?.[1] ?? /--data-binary \$'([^']*)'/.exec(command)?.[1]?.replaceAll("\\n", "\n");
    found.push({ command, path, contentType, body, answer: match[2]! });
  }
  return found;
}

describe("docs/serving.md examples", () => {
  let project: TestProject;
  let server: ModelServer;
  let url: string;
  before(async () => {
    project = await testProject();
    await register(project, "churn", await fit(churnTable(), "churned", "logistic-regression"), "champion");
    await register(project, "price", await fit(priceTable(), "price", "linear-regression"), "champion");
    ({ server, url } = await serve(project, { models: ["models:/churn@champion", "models:/price@champion"] }));
  });
  after(async () => {
    await server.close();
    await project.cleanup();
  });

  it("answers every curl on the page as the page shows", async () => {
    const all = await examples();
    assert.ok(all.length >= 9, `found ${all.length} examples`);
    for (const example of all) {
      const response = await fetch(`${url}${example.path}`, example.body === undefined ? {} : { method: "POST", headers: { "content-type": example.contentType! }, body: example.body });
      assert.deepEqual(JSON.parse(await response.text()), JSON.parse(example.answer), example.command);
    }
  });
});
