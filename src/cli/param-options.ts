/** `--param name=value` options, parsed to the types of the pipeline's parameters. */
import { ConveyorError } from "../errors.ts";
import { parseParamString } from "../ir/params.ts";
import type { PipelineIR } from "../ir/schema.ts";

export function parseParams(ir: PipelineIR, raw: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of raw) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new ConveyorError(`--param "${item}" is not of the form name=value`, "e.g. --param trees=200", "invalid_param");
    const name = item.slice(0, eq);
    const spec = ir.params[name];
    if (!spec) {
      const known = Object.keys(ir.params);
      throw new ConveyorError(
        `pipeline "${ir.name}" has no parameter "${name}"`,
        known.length ? `its parameters are: ${known.join(", ")}` : "it takes no parameters",
        "unknown_param",
      );
    }
    out[name] = parseParamString(spec, item.slice(eq + 1), `parameter "${name}"`);
  }
  return out;
}
