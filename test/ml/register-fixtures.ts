/** A component that uses ctx.registry directly, as a user's would, and fails its first attempt after registering. */
import { component, Model, param } from "../../src/index.ts";

export const registerThenFail = component({
  name: "register-then-fail",
  inputs: { model: Model, name: param.string() },
  outputs: { version: param.int(), holder: param.string() },
  run: async ({ model, name }, ctx) => {
    const v = await ctx.registry.register({ model, name, alias: "champion", reason: `attempt ${ctx.attempt}` });
    if (ctx.attempt === 1) throw new Error("failing after registering, as a crash would");
    const holder = await ctx.registry.resolve(`models:/${name}@champion`);
    return { version: v.version, holder: `${holder?.uri} ${(await holder?.model.json<{ kind: string }>())?.kind}` };
  },
});
