import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { it } from "node:test";
import { TerminalProgress } from "../../src/cli/progress.ts";

it("draws the terminal progress block once more at stop, and never after (output may follow it)", () => {
  const out = Object.assign(new PassThrough(), { rows: 30, columns: 100, isTTY: true }) as unknown as NodeJS.WriteStream;
  let written = "";
  out.on("data", (chunk: Buffer) => {
    written += chunk.toString();
  });
  const progress = new TerminalProgress(out);
  progress.stop();
  const afterFirstStop = written;
  assert.match(afterFirstStop, /0\/0 tasks/);
  progress.stop();
  assert.equal(written, afterFirstStop, "a second stop() must not move the cursor up over what was printed since");
});
