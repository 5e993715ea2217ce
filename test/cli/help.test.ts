/** Every command explains itself with examples. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertOk, project } from "./harness.ts";

const COMMANDS = [["run"], ["resume"], ["runs"], ["runs", "list"], ["runs", "show"], ["logs"], ["cancel"], ["compile"], ["exec-task"], ["cache", "explain"], ["lineage"], ["rerun"], ["runs", "delete"], ["models", "delete"], ["models", "download"], ["gc"], ["serve"], ["deploy"], ["deploy", "canary"], ["deploy", "promote"], ["feedback"], ["predict"], ["scheduler"], ["triggers", "list"], ["triggers", "show"], ["triggers", "history"], ["triggers", "fire"], ["worker"], ["image"], ["monitors", "run"], ["monitors", "list"], ["monitors", "show"], ["monitors", "report"], ["features", "materialize"]];

describe("conveyor --help", { concurrency: true }, () => {
  for (const command of COMMANDS) {
    it(`${command.join(" ")} --help shows examples`, async () => {
      const result = await (await project()).cli(...command, "--help");
      assertOk(result);
      assert.match(result.stdout, new RegExp(`^Usage: conveyor ${command.join(" ")} `));
      assert.match(result.stdout, new RegExp(`\\nExamples:\\n {2}conveyor ${command[0]}`));
    });
  }
});
