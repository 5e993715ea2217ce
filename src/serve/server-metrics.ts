/**
 * The server's Prometheus metrics, in a registry of its own (so several servers in one process,
 * as in tests, never share counts): requests, errors and latency per model, version and route,
 * and how many of each class were predicted.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** What one request's metrics are labelled with; version is "" when no version answered (e.g. an unknown model). */
export interface RequestLabels {
  readonly model: string;
  readonly version: string;
  readonly route: string;
}

/** A prediction request's labels while it is answered: its version is known once the endpoint has chosen one. */
export type ChosenVersionLabels = { -readonly [K in keyof RequestLabels]: RequestLabels[K] };

export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<"model" | "version" | "route" | "status">;
  readonly #errors: Counter<"model" | "version" | "route" | "status">;
  readonly #latency: Histogram<"model" | "version" | "route">;
  readonly #classes: Counter<"model" | "version" | "class">;
  // Each label set's series, looked up once: prom-client hashes the labels on every call otherwise.
  readonly #requestChildren = new Map<string, { requests: Counter.Internal; errors: Counter.Internal | undefined; latency: Histogram.Internal<"model" | "version" | "route"> }>();
  readonly #classChildren = new Map<string, Counter.Internal>();

  constructor() {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: "conveyor_serve_requests_total",
      help: "Prediction requests answered, by model, version, route and HTTP status",
      labelNames: ["model", "version", "route", "status"],
      registers,
    });
    this.#errors = new Counter({
      name: "conveyor_serve_errors_total",
      help: "Prediction requests answered with an error status (4xx or 5xx)",
      labelNames: ["model", "version", "route", "status"],
      registers,
    });
    this.#latency = new Histogram({
      name: "conveyor_serve_request_duration_seconds",
      help: "Time from a prediction request's arrival to its answer, in seconds",
      labelNames: ["model", "version", "route"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.#classes = new Counter({
      name: "conveyor_serve_predicted_class_total",
      help: "Rows predicted as each class, by model and version (classifiers only)",
      labelNames: ["model", "version", "class"],
      registers,
    });
    collectDefaultMetrics({ register: this.registry, prefix: "conveyor_serve_" });
  }

  request(labels: RequestLabels, status: number, seconds: number): void {
    const key = `${labels.model}\0${labels.version}\0${labels.route}\0${status}`;
    let children = this.#requestChildren.get(key);
    if (!children) {
      const withStatus = { ...labels, status: String(status) };
      children = {
        requests: this.#requests.labels(withStatus),
        errors: status >= 400 ? this.#errors.labels(withStatus) : undefined,
        latency: this.#latency.labels({ ...labels }),
      };
      this.#requestChildren.set(key, children);
    }
    children.requests.inc();
    children.errors?.inc();
    children.latency.observe(seconds);
  }

  predicted(model: string, version: string, labels: readonly unknown[]): void {
    for (const label of labels) {
      const key = `${model}\0${version}\0${String(label)}`;
      let child = this.#classChildren.get(key);
      if (!child) {
        child = this.#classes.labels({ model, version, class: String(label) });
        this.#classChildren.set(key, child);
      }
      child.inc();
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
