/**
 * A deployment as an endpoint (endpoint.ts): its stable and candidate model references are each
 * served by an endpoint the server opens (a model reference endpoint, which follows an alias as
 * it moves), requests are shared between them by the deployment's traffic policy, and the
 * candidate's outcomes feed a rollback guard. When the deployment has a live quality threshold and
 * the endpoint is told where the prediction log is, the candidate's labelled predictions are
 * measured every poll and feed the guard too. When the guard fires, the candidate stops getting
 * traffic at once, and the rollback is recorded in the store with the figures that caused it.
 *
 * The deployment's record is polled, so `conveyor deploy canary|promote|rollback` run anywhere
 * reach every server: a changed reference is opened in the background and swapped in by one
 * assignment, so each request sees one whole routing or the other.
 */
import { hostname } from "node:os";
import { deploymentNotFound } from "../store/deployment-errors.ts";
import type { CandidateRoute, DeploymentRecord } from "../store/deployment-types.ts";
import type { MetadataStore } from "../store/types.ts";
import type { Endpoint, EndpointOutcome, EndpointRequest, EndpointRoute } from "./endpoint.ts";
import { type LabelledPredictionSource, measureLiveQuality } from "./live-quality.ts";
import { RollbackGuard, type RollbackDecision } from "./rollback-guard.ts";
import type { ServeLog } from "./serve-log.ts";
import type { ServedVersion } from "./served-version.ts";
import { chooseVersion } from "./traffic-policy.ts";
import { errorText } from "./error-text.ts";
import { Poll } from "./poll.ts";

export interface DeploymentEndpointOptions {
  readonly store: Pick<MetadataStore, "location" | "getDeployment" | "updateDeployment">;
  readonly name: string;
  /** Opens an endpoint serving a model reference; the server passes its model reference endpoint. */
  readonly openModel: (reference: string) => Promise<Endpoint>;
  readonly log: ServeLog;
  /** How often the deployment's record is read (and the candidate's live quality measured), in milliseconds; 1000 by default. */
  readonly pollMs?: number;
  /** The prediction log the server writes and labels join: without it, live quality thresholds are not checked. */
  readonly labels?: LabelledPredictionSource;
  /** The guard's clock and the keyless requests' placement; tests give their own. */
  readonly clock?: () => number;
  readonly random?: () => number;
}

/** The candidate as served: its endpoint, its policy and the guard watching it. */
interface ServedCandidate {
  readonly route: CandidateRoute;
  readonly endpoint: Endpoint;
  readonly guard: RollbackGuard;
  /** When it began serving here: its live quality counts only predictions made since. */
  readonly since: Date;
  /** Labelled predictions its live quality last covered: the measure is logged when they change. */
  labelled: number;
}

/** Who the audit trail names for a rollback the server made. */
const SERVER_ACTOR = `conveyor-serve@${hostname()}:${process.pid}`;

export async function deploymentEndpoint(options: DeploymentEndpointOptions): Promise<Endpoint> {
  const record = await options.store.getDeployment(options.name);
  if (!record) throw deploymentNotFound(options.name, options.store.location);
  const stable = await options.openModel(record.stable);
  const endpoint = new DeploymentEndpoint(options, record.stable, stable);
  try {
    await endpoint.sync(record);
  } catch (error) {
    await endpoint.close();
    throw error;
  }
  endpoint.follow(options.pollMs ?? 1000, record);
  return endpoint;
}

const sameRoute = (a: CandidateRoute | null, b: CandidateRoute | null) => JSON.stringify(a) === JSON.stringify(b);

class DeploymentEndpoint implements Endpoint {
  readonly name: string;
  readonly deployment: string;
  #stableRef: string;
  #stable: Endpoint;
  #candidate: ServedCandidate | null = null;
  /** The candidate last rolled back here: not served again when the store still names it (its write may have failed). */
  #rolledBack: CandidateRoute | null = null;
  /** The candidate that last failed to load: reported once, tried again only once the record names another. */
  #refused: CandidateRoute | null = null;
  /** Likewise the stable reference that last failed to load; the one before it keeps serving. */
  #refusedStable: string | null = null;
  #writing: Promise<unknown> = Promise.resolve();
  #poll: Poll | undefined;
  #qualityPoll: Poll | undefined;

  constructor(
    private readonly options: DeploymentEndpointOptions,
    stableRef: string,
    stable: Endpoint,
  ) {
    this.name = options.name;
    this.deployment = options.name;
    this.#stableRef = stableRef;
    this.#stable = stable;
  }

  route(request: EndpointRequest): EndpointRoute | undefined {
    const stable = this.#stable.route(request);
    const candidate = this.#candidate;
    if (!candidate) return stable;
    const choice = chooseVersion(candidate.route.policy, this.name, request.key, this.options.random);
    const other = candidate.endpoint.route(request);
    if (!other) return stable;
    if (choice.shadow) return stable && { primary: stable.primary, shadow: other.primary };
    return choice.primary === "candidate" ? { primary: other.primary } : stable;
  }

  version(number: number): ServedVersion | undefined {
    return this.#stable.version(number) ?? this.#candidate?.endpoint.version(number);
  }

  loaded(): readonly ServedVersion[] {
    return [...this.#stable.loaded(), ...(this.#candidate?.endpoint.loaded() ?? [])];
  }

  observe(outcome: EndpointOutcome): void {
    const candidate = this.#candidate;
    if (candidate?.endpoint.loaded().includes(outcome.version)) {
      candidate.endpoint.observe(outcome);
      candidate.guard.record({ ok: outcome.ok, latencyMs: outcome.latencyMs });
      this.judge(candidate);
    } else {
      this.#stable.observe(outcome);
    }
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private judge(candidate: ServedCandidate): void {
    const decision = candidate.guard.check();
    if (decision && this.#candidate === candidate) this.rollBack(candidate, decision);
  }

  /**
   * Measures the candidate's live quality over the window from the prediction log and lets the
   * guard judge it. A failed read is logged; the candidate keeps serving on the other thresholds.
   */
  private async measureQuality(record: DeploymentRecord, labels: LabelledPredictionSource): Promise<void> {
    const candidate = this.#candidate;
    const served = candidate?.endpoint.loaded()[0];
    if (!candidate || !served) return;
    const windowStart = this.now() - record.thresholds.windowSeconds * 1000;
    try {
      const quality = await measureLiveQuality(labels, {
        deployment: this.name,
        model: served.model,
        version: served.version,
        task: served.classes ? "classification" : "regression",
        from: new Date(Math.max(windowStart, candidate.since.getTime())),
      });
      candidate.guard.recordQuality(quality);
      if (quality.labelled !== candidate.labelled) {
        candidate.labelled = quality.labelled;
        const measure = quality.accuracy !== null ? `accuracy ${quality.accuracy}` : `RMSE ${quality.rmse}`;
        this.options.log.info(
          { deployment: this.name, candidate: candidate.route.model, ...quality },
          `${this.name}: ${candidate.route.model} live ${measure} over ${quality.labelled} labelled predictions`,
        );
      }
      this.judge(candidate);
    } catch (error) {
      this.options.log.error({ deployment: this.name, err: errorText(error) }, `${this.name}: cannot measure the live quality of ${candidate.route.model}`);
    }
  }

  /** Stops sending the candidate traffic now, then records why in the store. */
  private rollBack(candidate: ServedCandidate, { reasons, figures }: RollbackDecision): void {
    this.#candidate = null;
    this.#rolledBack = candidate.route;
    const { store, log } = this.options;
    const reason = `automatic rollback: ${reasons.join("; ")}`;
    // Quality is null until labels arrive: recorded only when measured.
    const recorded = Object.fromEntries(Object.entries(figures).filter((e): e is [string, number] => e[1] !== null));
    log.error({ deployment: this.name, candidate: candidate.route.model, figures: recorded }, `${this.name}: rolled back ${candidate.route.model} (${reasons.join("; ")})`);
    this.#writing = store
      .updateDeployment(
        this.name,
        { kind: "auto_rollback", to: { stable: this.#stableRef, candidate: null }, figures: recorded, ifCandidate: candidate.route.model },
        { actor: SERVER_ACTOR, reason },
      )
      .catch((error) => log.error({ deployment: this.name, err: errorText(error) }, `${this.name}: the rollback of ${candidate.route.model} was not recorded`))
      .finally(() => candidate.endpoint.close());
  }

  /** Serves what the record says, opening what changed; the old endpoints close once swapped out. */
  async sync(record: DeploymentRecord): Promise<void> {
    if (record.stable !== this.#stableRef && record.stable !== this.#refusedStable) {
      let next: Endpoint;
      try {
        next = await this.options.openModel(record.stable);
      } catch (error) {
        this.#refusedStable = record.stable;
        throw error;
      }
      this.#refusedStable = null;
      const old = this.#stable;
      this.#stable = next;
      this.#stableRef = record.stable;
      await old.close();
      this.options.log.info({ deployment: this.name, stable: record.stable }, `${this.name}: now serving ${record.stable}`);
    }
    const stillRolledBack = sameRoute(record.candidate, this.#rolledBack);
    if (!stillRolledBack) this.#rolledBack = null;
    const want = stillRolledBack ? null : record.candidate;
    const current = this.#candidate;
    if (sameRoute(want, current?.route ?? null)) return;
    // The same model under a new policy (canary 10% → 50%): the guard keeps what it saw.
    if (want && current && want.model === current.route.model) {
      this.#candidate = { ...current, route: want };
      return;
    }
    if (want && sameRoute(want, this.#refused)) return;
    this.#refused = null;
    let endpoint: Endpoint | null = null;
    try {
      endpoint = want && (await this.options.openModel(want.model));
    } catch (error) {
      // A candidate that cannot load (its file fails its digest check, it was deleted) never takes traffic; the stable keeps it all.
      this.#refused = want;
      this.options.log.error({ deployment: this.name, candidate: want?.model, err: errorText(error) }, `${this.name}: refused candidate ${want?.model}; the stable version keeps serving`);
    }
    this.#candidate =
      endpoint && want ? { route: want, endpoint, guard: new RollbackGuard(record.thresholds, this.options.clock), since: new Date(this.now()), labelled: 0 } : null;
    await current?.endpoint.close();
    if (this.#candidate) this.options.log.info({ deployment: this.name, candidate: want }, `${this.name}: candidate ${want?.model} (${want?.policy.kind})`);
  }

  /**
   * Polls the record; one check at a time, never while a rollback is being written. With a live
   * quality threshold and the log to measure it from, measures the candidate's quality too, apart,
   * so a slow read of the log never delays following the record.
   */
  follow(pollMs: number, first: DeploymentRecord): void {
    let latest = first;
    const check = async () => {
      await this.#writing;
      try {
        const record = await this.options.store.getDeployment(this.name);
        if (!record) throw deploymentNotFound(this.name, this.options.store.location);
        latest = record;
        await this.sync(record);
      } catch (error) {
        this.options.log.error({ deployment: this.name, err: errorText(error) }, `${this.name}: cannot follow the deployment; what serves keeps serving`);
      }
    };
    this.#poll = new Poll(check, pollMs);
    const labels = this.options.labels;
    if (labels) {
      this.#qualityPoll = new Poll(async () => {
        await this.#writing;
        const t = latest.thresholds;
        if (t.minQuality !== null || t.maxRmse !== null) await this.measureQuality(latest, labels);
      }, pollMs);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.#poll?.stop(), this.#qualityPoll?.stop()]);
    await this.#writing;
    await Promise.all([this.#stable.close(), this.#candidate?.endpoint.close()]);
  }
}
