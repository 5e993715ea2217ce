/** `conveyor lineage models:/…`: what a model version was made from; and the versions made from a run's artifacts. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { assertOk, assertUserError, json, type Project, project, SDK } from "./harness.ts";

// make reads a file into a dataset; fit turns the dataset into a model.
const FOREST = `import { readFile } from "node:fs/promises";
import { component, Dataset, Model, param, pipeline } from ${JSON.stringify(SDK)};
export const make = component({
  name: "make",
  inputs: { src: param.file(), n: param.int({ default: 3 }) },
  outputs: { data: Dataset },
  async run({ src, n, data }) {
    await data.writeText((await readFile(src, "utf8")).trim().split(",").slice(0, n).join("\\n"));
  },
});
export const fit = component({
  name: "fit",
  inputs: { data: Dataset, trees: param.int({ default: 100 }) },
  outputs: { model: Model },
  async run({ trees, model }) {
    await model.writeJson({ trees });
  },
});
export default pipeline({ name: "forest", params: { trees: param.int({ default: 100 }) } }, (p) => {
  const m = make({ src: "data.csv" });
  fit({ data: m.outputs.data, trees: p.trees });
});
`;

interface Node {
  id: string;
  kind: "task" | "artifact" | "model";
  name?: string;
  type?: string;
  digest?: string;
  params?: Record<string, unknown>;
  files?: Record<string, string>;
  aliases?: string[];
}
interface Graph {
  nodes: Node[];
  edges: { from: string; to: string; kind: string; name: string }[];
}

const short = (text: string) => text.replace(/sha256:[0-9a-f]{12}/g, "sha256:…");

describe("lineage of model versions", () => {
  let p: Project;
  let run: string;
  before(async () => {
    p = await project();
    await p.write("forest.ts", FOREST);
    await p.write("data.csv", "1,2,3,4\n");
    run = json<{ run: { id: string } }>(await p.cli("run", "forest.ts", "--param", "trees=7", "--json")).run.id;
    assertOk(await p.cli("models", "register", "forest", "--run", run, "--task", "fit", "--alias", "champion"));
  });

  it("shows a version's upstream as a tree: artifact, task, params, input datasets and files", async () => {
    const text = await p.cli("lineage", "models:/forest/1");
    assertOk(text);
    assert.equal(
      short(text.stdout),
      [
        `models:/forest/1 (champion)  from run ${run}`,
        "  artifact Model  sha256:…  17 B",
        `    produced by fit  run ${run} (forest)  ✔ succeeded`,
        "      params trees=7",
        "      in data  Dataset  sha256:…  5 B",
        `        produced by make  run ${run} (forest)  ✔ succeeded`,
        "          params n=3",
        "          file   src data.csv  sha256:…",
        "",
      ].join("\n"),
    );
  });

  it("prints the same upstream as a graph with --json, by alias too", async () => {
    const graph = json<Graph>(await p.cli("lineage", "models:/forest@champion", "--json"));
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const label = (id: string) => {
      const n = byId.get(id) as Node;
      return n.kind === "task" ? n.name : n.kind === "model" ? n.id : n.type;
    };
    assert.deepEqual(graph.edges.map((e) => `${label(e.from)} -${e.kind}:${e.name}-> ${label(e.to)}`).sort(), [
      "Dataset -input:data-> fit",
      "Model -registered:forest-> models:/forest/1",
      "fit -output:model-> Model",
      "make -output:data-> Dataset",
    ]);
    const make = graph.nodes.find((n) => n.name === "make");
    assert.deepEqual(make?.params, { src: "data.csv", n: 3 });
    assert.match(make?.files?.src ?? "", /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(byId.get("models:/forest/1")?.aliases, ["champion"]);
  });

  it("shows the versions registered from an artifact downstream, in run and artifact lineage", async () => {
    const text = await p.cli("lineage", run);
    assertOk(text);
    assert.match(text.stdout, /out model {2}Model {4}sha256:[0-9a-f]{12} {2}17 B\n {6}registered as models:\/forest\/1 \(champion\)$/m);
    const graph = json<Graph>(await p.cli("lineage", run, "--json"));
    const model = graph.nodes.find((n) => n.kind === "artifact" && n.type === "Model");
    assert.ok(graph.edges.some((e) => e.kind === "registered" && e.from === model?.id && e.to === "models:/forest/1"));
    const artifact = await p.cli("lineage", model?.digest ?? "");
    assertOk(artifact);
    assert.match(artifact.stdout, /\n {2}registered as\n {4}models:\/forest\/1 \(champion\)\n$/);
  });

  it("names an unknown model, version or alias, and a malformed reference, changing nothing", async () => {
    const before = await p.fingerprint();
    assertUserError(await p.cli("lineage", "models:/forest/9"), 'model "forest" has no version 9');
    assertUserError(await p.cli("lineage", "models:/forest@prod"), 'model "forest" has no alias "prod"', "champion");
    assertUserError(await p.cli("lineage", "models:/nope/1"), 'model "nope" was not found');
    assertUserError(await p.cli("lineage", "models:/forest"), '"models:/forest" is not a model reference');
    assert.equal(await p.fingerprint(), before);
  });
});
