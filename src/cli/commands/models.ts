/** `conveyor models`: the model registry: list, show, register, aliases, rollback and delete. */
import type { Command } from "commander";
import { currentActor } from "../../registry/actor.ts";
import { modelUri } from "../../registry/uri.ts";
import { checkAliasName, checkModelName } from "../../store/names.ts";
import { modelNotFound } from "../../store/registry-errors.ts";
import { withStoredRuns } from "../context.ts";
import { versionNumber } from "../version-number.ts";
import { registerModelsDelete } from "./delete.ts";
import { registerModelsDownload } from "./models-download.ts";
import { collect, keyValues } from "../key-values.ts";
import { eventText, renderModel, renderModels, renderVersion } from "../model-view.ts";

const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);

export function registerModels(program: Command): void {
  const models = program
    .command("models")
    .description("the model registry: versions of each model, and aliases such as champion that point at one")
    .addHelpText("after", "\nExamples:\n  conveyor models list\n  conveyor models show churn\n  conveyor models show models:/churn@champion");

  models
    .command("list", { isDefault: true })
    .description("list registered models with their latest version and aliases (the default)")
    .option("--json", "print the models as a JSON array")
    .action(async (opts: { json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        const found = await store.listModels();
        if (!opts.json && found.length === 0) process.stdout.write(`no models registered in ${store.location}\n`);
        else print(opts.json, found, () => renderModels(found));
      });
    });

  models
    .command("show")
    .description("show a model's versions and alias history, or one version in detail")
    .argument("<model>", "a model name, or a version: models:/churn/3, models:/churn@champion (or churn/3, churn@champion)")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  conveyor models show churn\n  conveyor models show models:/churn/3\n  conveyor models show churn@champion --json")
    .action(async (what: string, opts: { json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        if (/[/@]/.test(what)) {
          const { resolveModel } = await import("../../registry/resolve.ts");
          const version = await resolveModel(store, what);
          const task = version.taskId ? await store.getTask(version.taskId) : undefined;
          print(opts.json, version, () => renderVersion(version, task?.name));
          return;
        }
        const model = await store.getModel(what);
        if (!model) throw modelNotFound(what, store.location);
        const [versions, events] = await Promise.all([store.listModelVersions(what), store.aliasEvents(what)]);
        print(opts.json, { model, versions, aliasEvents: events }, () => renderModel(model, versions, events));
      });
    });

  models
    .command("register")
    .description("register the artifact a run's task produced as the model's next version")
    .argument("<name>", "the model's name (created with version 1 when new)")
    .requiredOption("-r, --run <run>", "the run (id or unique prefix)")
    .requiredOption("--task <task>", 'the task that produced the artifact ("main" for a run made with startRun)')
    .option("-o, --output <name>", "the task's output artifact", "model")
    .option("-a, --alias <alias>", "point this alias (e.g. champion) at the new version")
    .option("--reason <text>", "why, for the alias's audit trail")
    .option("-d, --description <text>", "describe the version")
    .option("-t, --tag <name=value>", "tag the version (repeatable)", collect, [])
    .option("--json", "print the new version as JSON")
    .addHelpText("after", "\nExamples:\n  conveyor models register churn --run 1m815hmh --task train\n  conveyor models register churn --run 1m815hmh --task train --output model --alias champion --reason \"auc 0.94\"")
    .action(async (name: string, opts: { run: string; task: string; output: string; alias?: string; reason?: string; description?: string; tag: string[]; json?: boolean }) => {
      checkModelName(name);
      if (opts.alias) checkAliasName(opts.alias);
      const tags = keyValues("--tag", opts.tag);
      await withStoredRuns(async ({ store, registerModel }) => {
        const { run, task, output, alias: aliasName, reason, description } = opts;
        const v = await registerModel({ name, run, task, output, alias: aliasName, reason, description, tags, actor: currentActor() });
        const moved = aliasName ? (await store.aliasEvents(name, aliasName)).at(-1) : undefined;
        print(opts.json, v, () => `registered ${modelUri({ name, version: v.version })} from run ${v.runId} task ${task} (${v.digest})${moved ? `\n${eventText(moved)}` : ""}`);
      });
    });

  const alias = models.command("alias").description("point an alias at a version, or delete it; every change is recorded with who and why");

  alias
    .command("set")
    .description("point an alias at a version (creating or moving it)")
    .argument("<name>", "the model")
    .argument("<alias>", "e.g. champion, challenger")
    .argument("<version>", "the version number", versionNumber)
    .option("--reason <text>", "why, for the audit trail")
    .option("--json", "print the audit event as JSON (null when nothing changed)")
    .addHelpText("after", '\nExamples:\n  conveyor models alias set churn champion 3 --reason "auc 0.94 on the May data"')
    .action(async (name: string, aliasName: string, version: number, opts: { reason?: string; json?: boolean }) => {
      checkAliasName(aliasName);
      await withStoredRuns(async ({ store }) => {
        const event = await store.setAlias(name, aliasName, version, { actor: currentActor(), reason: opts.reason ?? null });
        print(opts.json, event, () => (event ? eventText(event) : `${aliasName} already points at version ${version}; nothing changed`));
      });
    });

  alias
    .command("delete")
    .description("remove an alias")
    .argument("<name>", "the model")
    .argument("<alias>", "the alias")
    .option("--reason <text>", "why, for the audit trail")
    .option("--json", "print the audit event as JSON")
    .action(async (name: string, aliasName: string, opts: { reason?: string; json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        const event = await store.deleteAlias(name, aliasName, { actor: currentActor(), reason: opts.reason ?? null });
        print(opts.json, event, () => eventText(event));
      });
    });

  models
    .command("rollback")
    .description("move champion (or --alias) back to the version that held it before, as its audit trail tells")
    .argument("<name>", "the model")
    .option("-a, --alias <alias>", "the alias to move back", "champion")
    .option("--reason <text>", "why, for the audit trail")
    .option("--json", "print the audit event as JSON")
    .addHelpText("after", '\nExamples:\n  conveyor models rollback churn --reason "v4 mislabels new customers"\n\nRolling back again steps back again: 3 → 2, then 2 → 1.')
    .action(async (name: string, opts: { alias: string; reason?: string; json?: boolean }) => {
      await withStoredRuns(async ({ store }) => {
        const event = await store.rollbackAlias(name, opts.alias, { actor: currentActor(), reason: opts.reason ?? null });
        print(opts.json, event, () => eventText(event));
      });
    });

  registerModelsDownload(models);
  registerModelsDelete(models);
}
