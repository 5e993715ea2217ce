/** `conveyor deploy`: deployments of registered models, their traffic policies, promotion and rollback. */
import type { Command } from "commander";
import { isConveyorError } from "../../errors.ts";
import { currentActor } from "../../registry/actor.ts";
import type { Deployments } from "../../inspect/deployments.ts";
import type { DeploymentResult } from "../../serve/deployment-actions.ts";
import type { DeploymentStage, RollbackThresholds, TrafficPolicy } from "../../store/deployment-types.ts";
import { withStoredRuns } from "../context.ts";
import { deploymentEventText, renderDeployment, renderDeployments } from "../deployment-view.ts";
import { numberOption } from "../number-option.ts";
import { reportError } from "../report.ts";

/**
 * Exit codes a CI job can branch on, beyond 0 (done), 1 (the machine failed), 2 (bad input)
 * and 70 (a bug): the deployment is not in the state the step needs, or what it names does not exist.
 */
export const DEPLOY_EXIT = { state: 3, notFound: 4 } as const;

/** ConveyorError codes that say the deployment's state is not what the step expected. */
const STATE_CODES = new Set(["no_candidate", "no_rollback", "conflict", "duplicate_deployment", "same_version"]);

const EXIT_HELP = `
Exit codes:
  0  done
  1  the machine failed (database unreachable, disk full)
  2  bad input (an invalid reference, name, stage or number)
  3  the deployment is not in the state this step needs: no candidate to promote (it may
     have been rolled back automatically), nothing to roll back, the name is taken, the
     candidate is the stable version, or it changed meanwhile
  4  the deployment, model, version or alias named does not exist`;

const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);

const change = (reason: string | undefined) => ({ actor: currentActor(), reason: reason ?? null });

export function registerDeploy(program: Command, setExit: (code: number) => void): void {
  /** Runs a deploy command (on the local store, or the server at CONVEYOR_URL), turning the errors a CI job branches on into their exit codes. */
  const run = async (body: (deployments: Deployments, location: string) => Promise<void>) => {
    try {
      await withStoredRuns(({ deployments, store }) => body(deployments, store.location));
    } catch (error) {
      if (!isConveyorError(error) || !(STATE_CODES.has(error.code) || error.code === "not_found")) throw error;
      reportError(error);
      setExit(error.code === "not_found" ? DEPLOY_EXIT.notFound : DEPLOY_EXIT.state);
    }
  };
  const printResult = (json: boolean | undefined, result: DeploymentResult) => {
    print(json, result, () => `${result.deployment.name}: ${deploymentEventText(result.event)}`);
  };

  const deploy = program
    .command("deploy")
    .description("deployments: a named place where a registered model serves, with canary, shadow or A/B candidates, promotion and rollback")
    .addHelpText(
      "after",
      `\nExamples:\n  conveyor deploy create churn --model models:/churn@champion --stage production\n  conveyor deploy canary churn --model models:/churn/7 --percent 10\n  conveyor deploy promote churn --reason "canary clean for a day"\n${EXIT_HELP}`,
    );

  deploy
    .command("create")
    .description("create a deployment serving a model reference (an alias is followed as it moves)")
    .argument("<name>", "the deployment's name, e.g. churn")
    .requiredOption("-m, --model <ref>", "models:/churn@champion or models:/churn/3")
    .option("--stage <stage>", "staging or production", "staging")
    .option("--max-error-rate <fraction>", "roll a candidate back above this error rate (default 0.05)", numberOption("--max-error-rate"))
    .option("--max-p99-ms <ms>", "roll a candidate back above this p99 latency (default 500)", numberOption("--max-p99-ms"))
    .option("--min-quality <fraction>", "roll a classifier candidate back below this live accuracy (from labelled predictions)", numberOption("--min-quality"))
    .option("--max-rmse <error>", "roll a regressor candidate back above this live RMSE (from labelled predictions)", numberOption("--max-rmse"))
    .option("--window <seconds>", "over the last this many seconds (default 60)", numberOption("--window"))
    .option("--min-requests <n>", "once the candidate answered at least this many (default 20)", numberOption("--min-requests"))
    .option("--min-labelled <n>", "judge live quality once this many of its predictions have labels (default 20)", numberOption("--min-labelled"))
    .option("--reason <text>", "why, for the audit trail")
    .option("--json", "print the deployment and its audit event as JSON")
    .addHelpText("after", "\nExamples:\n  conveyor deploy create churn --model models:/churn@champion --stage production --max-error-rate 0.02")
    .action(async (name: string, opts: { model: string; stage: string; reason?: string; json?: boolean; maxErrorRate?: number; maxP99Ms?: number; minQuality?: number; maxRmse?: number; window?: number; minRequests?: number; minLabelled?: number }) => {
      const thresholds: Partial<RollbackThresholds> = Object.fromEntries(
        Object.entries({
          maxErrorRate: opts.maxErrorRate,
          maxP99Ms: opts.maxP99Ms,
          minQuality: opts.minQuality,
          maxRmse: opts.maxRmse,
          windowSeconds: opts.window,
          minRequests: opts.minRequests,
          minLabelled: opts.minLabelled,
        }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      await run(async (deployments) => {
        printResult(opts.json, await deployments.create({ name, model: opts.model, stage: opts.stage as DeploymentStage, thresholds }, change(opts.reason)));
      });
    });

  deploy
    .command("list")
    .description("list deployments with what they serve")
    .option("--json", "print the deployments as a JSON array")
    .addHelpText("after", "\nExamples:\n  conveyor deploy list\n  conveyor deploy list --json")
    .action(async (opts: { json?: boolean }) => {
      await run(async (deployments, location) => {
        const found = await deployments.list();
        if (!opts.json && found.length === 0) process.stdout.write(`no deployments in ${location}\n`);
        else print(opts.json, found, () => renderDeployments(found));
      });
    });

  deploy
    .command("show")
    .description("show a deployment, its thresholds and its history (who changed what, when and why)")
    .argument("<name>", "the deployment")
    .option("--json", "print { deployment, events } as JSON")
    .addHelpText("after", "\nExamples:\n  conveyor deploy show churn\n  conveyor deploy show churn --json   # in CI: is the candidate still there?")
    .action(async (name: string, opts: { json?: boolean }) => {
      await run(async (deployments) => {
        const detail = await deployments.show(name);
        print(opts.json, detail, () => renderDeployment(detail.deployment, detail.events));
      });
    });

  const candidateCommand = (kind: TrafficPolicy["kind"], description: string, share?: { flag: string; help: string; example: string }) => {
    const command = deploy
      .command(kind)
      .description(description)
      .argument("<name>", "the deployment")
      .requiredOption("-m, --model <ref>", "the candidate: models:/churn/7 or models:/churn@challenger");
    if (share) command.requiredOption(`--${share.flag} <n>`, share.help, numberOption(`--${share.flag}`));
    command
      .option("--reason <text>", "why, for the audit trail")
      .option("--json", "print the deployment and its audit event as JSON")
      .addHelpText("after", `\nExamples:\n  conveyor deploy ${kind} churn --model models:/churn/7${share ? ` ${share.example}` : ""}`)
      .action(async (name: string, opts: { model: string; percent?: number; weight?: number; reason?: string; json?: boolean }) => {
        const policy: TrafficPolicy =
          kind === "canary" ? { kind, percent: opts.percent as number } : kind === "ab" ? { kind, weight: opts.weight as number } : { kind: "shadow" };
        await run(async (deployments) => printResult(opts.json, await deployments.setCandidate(name, { model: opts.model, policy }, change(opts.reason))));
      });
  };
  candidateCommand("canary", "send a share of request keys to a candidate (one key always sees one version)", {
    flag: "percent",
    help: "the candidate's share of keys, above 0 and below 100",
    example: "--percent 10",
  });
  candidateCommand("shadow", "send a copy of every request to a candidate: its answers are logged, never returned");
  candidateCommand("ab", "split requests between stable and a candidate for an A/B comparison", {
    flag: "weight",
    help: "the candidate's share of requests, above 0 and below 100",
    example: "--weight 50",
  });

  deploy
    .command("promote")
    .description("make the candidate what serves (a stable alias of the same model is moved to it)")
    .argument("<name>", "the deployment")
    .option("--reason <text>", "why, for the audit trail")
    .option("--json", "print the deployment and its audit event as JSON")
    .addHelpText("after", `\nExamples:\n  conveyor deploy promote churn --reason "canary clean for a day"\n${EXIT_HELP}`)
    .action(async (name: string, opts: { reason?: string; json?: boolean }) => {
      await run(async (deployments) => printResult(opts.json, await deployments.promote(name, change(opts.reason))));
    });

  deploy
    .command("rollback")
    .description("drop the candidate; without one, undo the last promotion")
    .argument("<name>", "the deployment")
    .option("--reason <text>", "why, for the audit trail")
    .option("--json", "print the deployment and its audit event as JSON")
    .addHelpText("after", '\nExamples:\n  conveyor deploy rollback churn --reason "v7 mislabels new customers"')
    .action(async (name: string, opts: { reason?: string; json?: boolean }) => {
      await run(async (deployments) => printResult(opts.json, await deployments.rollback(name, change(opts.reason))));
    });
}
