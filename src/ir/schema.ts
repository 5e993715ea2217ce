/**
 * The IR: a compiled pipeline as plain JSON. This zod schema is the single definition; the
 * JSON Schema shipped in the package (ir.schema.json) is generated from it, and every IR is
 * checked against it on load. docs/ir.md documents each field.
 */
import { z } from "zod";
import type { Json } from "../json.ts";

import { IR_VERSION } from "./version.ts";

export { IR_VERSION };

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

const name = z.string().regex(/^[A-Za-z][\w.-]*$/, "names use letters, digits, '.', '-' and '_'");

export type Binding =
  | { constant: Json }
  | { param: string }
  | { task: string; output: string }
  | { loopItem: string; path: string[] }
  | { collect: { loop: string; task: string; output: string } }
  | { runStatus: true }
  | { array: Binding[] }
  | { object: { [key: string]: Binding } };

export const BindingSchema: z.ZodType<Binding> = z.lazy(() =>
  z.union([
    z.object({ constant: json }).strict(),
    z.object({ param: z.string() }).strict(),
    z.object({ task: z.string(), output: z.string() }).strict(),
    z.object({ loopItem: z.string(), path: z.array(z.string()) }).strict(),
    z.object({ collect: z.object({ loop: z.string(), task: z.string(), output: z.string() }).strict() }).strict(),
    z.object({ runStatus: z.literal(true) }).strict(),
    z.object({ array: z.array(BindingSchema) }).strict(),
    z.object({ object: z.record(z.string(), BindingSchema) }).strict(),
  ]),
);

export type ConditionIR =
  | { op: "eq" | "ne" | "gt" | "gte" | "lt" | "lte"; left: Binding; right: Binding }
  | { op: "truthy"; value: Binding }
  | { op: "and" | "or"; args: ConditionIR[] }
  | { op: "not"; arg: ConditionIR };

export const ConditionSchema: z.ZodType<ConditionIR> = z.lazy(() =>
  z.union([
    z.object({ op: z.enum(["eq", "ne", "gt", "gte", "lt", "lte"]), left: BindingSchema, right: BindingSchema }).strict(),
    z.object({ op: z.literal("truthy"), value: BindingSchema }).strict(),
    z.object({ op: z.enum(["and", "or"]), args: z.array(ConditionSchema) }).strict(),
    z.object({ op: z.literal("not"), arg: ConditionSchema }).strict(),
  ]),
);

export type ParamSpecIR = {
  type: "string" | "number" | "int" | "boolean" | "enum" | "json" | "list" | "file";
  default?: Json;
  description?: string;
  min?: number;
  max?: number;
  pattern?: string;
  values?: string[];
  item?: ParamSpecIR;
};

export const ParamSpecSchema: z.ZodType<ParamSpecIR> = z.lazy(() =>
  z
    .object({
      type: z.enum(["string", "number", "int", "boolean", "enum", "json", "list", "file"]),
      default: json.optional(),
      description: z.string().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      pattern: z.string().optional(),
      values: z.array(z.string()).optional(),
      item: ParamSpecSchema.optional(),
    })
    .strict(),
);

const ArtifactSpecSchema = z
  .object({
    kind: z.enum(["artifact", "artifactList"]),
    type: z.string(),
    mediaType: z.string(),
    description: z.string().optional(),
    /** An input that a task may leave unbound. */
    optional: z.literal(true).optional(),
  })
  .strict();
export type ArtifactSpecIR = z.infer<typeof ArtifactSpecSchema>;

export const IoSpecSchema = z.union([ArtifactSpecSchema, z.object({ kind: z.literal("param"), spec: ParamSpecSchema }).strict()]);
export type IoSpecIR = z.infer<typeof IoSpecSchema>;

export const RetrySchema = z
  .object({
    attempts: z.number().int().min(1),
    backoffMs: z.number().min(0),
    factor: z.number().min(1),
    maxBackoffMs: z.number().min(0),
  })
  .strict();

export const TaskOptionsSchema = z
  .object({
    retry: RetrySchema,
    timeoutMs: z.number().positive().optional(),
    cache: z.boolean(),
    isolation: z.enum(["inline", "thread", "process"]),
    resources: z
      .object({ memoryMb: z.number().positive().optional(), cpu: z.number().positive().optional(), gpu: z.number().int().min(0).optional() })
      .strict(),
    /** The queue a queue executor puts the task on (default "default"). */
    queue: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/).optional(),
    /** 0 to 1000; a higher priority is taken from a queue first. */
    priority: z.number().int().min(0).max(1000).optional(),
    /** At most this many attempts of the component run at once on the queue's workers, across runs. */
    maxParallel: z.number().int().positive().optional(),
  })
  .strict();
export type TaskOptionsIR = z.infer<typeof TaskOptionsSchema>;
/** Where a task runs: each value names the executor that runs it. */
export type Isolation = TaskOptionsIR["isolation"];

export const ComponentSchema = z
  .object({
    name,
    version: z.string().optional(),
    description: z.string().optional(),
    /** Path of the defining module, relative to the project root, with forward slashes. */
    module: z.string(),
    export: z.string(),
    codeDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    inputs: z.record(z.string(), IoSpecSchema),
    outputs: z.record(z.string(), IoSpecSchema),
  })
  .strict();
export type ComponentIR = z.infer<typeof ComponentSchema>;

export const TaskSchema = z
  .object({
    component: z.string(),
    inputs: z.record(z.string(), BindingSchema),
    dependsOn: z.array(z.string()),
    when: z.array(ConditionSchema).optional(),
    loop: z.string().optional(),
    exitHandler: z.boolean().optional(),
    options: TaskOptionsSchema,
  })
  .strict();
export type TaskIR = z.infer<typeof TaskSchema>;

export const LoopSchema = z
  .object({
    items: BindingSchema,
    parallelism: z.number().int().min(1).optional(),
    dependsOn: z.array(z.string()),
    when: z.array(ConditionSchema).optional(),
  })
  .strict();
export type LoopIR = z.infer<typeof LoopSchema>;

export const PipelineIrSchema = z
  .object({
    irVersion: z.literal(IR_VERSION),
    name,
    description: z.string().optional(),
    params: z.record(z.string(), ParamSpecSchema),
    components: z.record(z.string(), ComponentSchema),
    tasks: z.record(name, TaskSchema),
    loops: z.record(name, LoopSchema),
    outputs: z.record(z.string(), BindingSchema).optional(),
  })
  .strict();
export type PipelineIR = z.infer<typeof PipelineIrSchema>;
