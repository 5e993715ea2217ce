/**
 * Deployments in the metadata store: a named place where a model answers requests, with a
 * stable model, optionally a candidate and the traffic policy between them, the thresholds
 * that roll a candidate back, and an audit trail of every change (who, when, why, what changed,
 * and the figures behind an automatic rollback).
 */
import type { NameWindow, ListWindow } from "./types.ts";

export type DeploymentStage = "staging" | "production";
export const DEPLOYMENT_STAGES: readonly DeploymentStage[] = ["staging", "production"];

/**
 * How requests are shared between the stable model and the candidate: a canary answers
 * `percent` of request keys, a shadow gets a copy of every request (its answer is logged,
 * never returned), an A/B candidate answers `weight` percent of requests.
 */
export type TrafficPolicy = { kind: "canary"; percent: number } | { kind: "shadow" } | { kind: "ab"; weight: number };

export interface CandidateRoute {
  /** A model reference: `models:/churn/7` or `models:/churn@challenger`. */
  model: string;
  policy: TrafficPolicy;
}

/** What serves: the part of a deployment every change moves, before and after in the audit trail. */
export interface DeploymentState {
  /** A model reference; an alias (`models:/churn@champion`) is followed as it moves. */
  stable: string;
  candidate: CandidateRoute | null;
}

/**
 * When the server rolls a candidate back by itself: over the last `windowSeconds`, once the
 * candidate answered at least `minRequests`, its error rate above `maxErrorRate` or its p99
 * latency above `maxP99Ms`; or, once at least `minLabelled` of its predictions in the window
 * have labels (feedback joined in the prediction log), its live quality: a classifier's accuracy
 * below `minQuality`, a regressor's RMSE above `maxRmse`.
 */
export interface RollbackThresholds {
  maxErrorRate: number;
  maxP99Ms: number;
  /** A classifier's least live accuracy; null: not checked. */
  minQuality: number | null;
  /** A regressor's largest live RMSE, in the target's unit; null: not checked. */
  maxRmse: number | null;
  windowSeconds: number;
  minRequests: number;
  /** Labelled predictions the window must hold before live quality is judged. */
  minLabelled: number;
}

export const DEFAULT_THRESHOLDS: RollbackThresholds = {
  maxErrorRate: 0.05,
  maxP99Ms: 500,
  minQuality: null,
  maxRmse: null,
  windowSeconds: 60,
  minRequests: 20,
  minLabelled: 20,
};

export interface DeploymentRecord extends DeploymentState {
  name: string;
  stage: DeploymentStage;
  thresholds: RollbackThresholds;
  createdAt: Date;
  updatedAt: Date;
}

export type DeploymentEventKind = "create" | "canary" | "shadow" | "ab" | "promote" | "rollback" | "auto_rollback";

/** A model version a change put into service, resolved when the change was made: lineage's model version → deployment. */
export interface DeployedVersion {
  model: string;
  version: number;
}

export interface DeploymentEvent {
  id: number;
  deployment: string;
  kind: DeploymentEventKind;
  /** Null for the creation. */
  from: DeploymentState | null;
  to: DeploymentState;
  deployed: DeployedVersion | null;
  /** What an automatic rollback measured (error rate, p99 latency, requests, ...); null otherwise. */
  figures: Record<string, number> | null;
  actor: string;
  reason: string | null;
  createdAt: Date;
}

export interface DeploymentChange {
  actor: string;
  reason?: string | null;
}

export interface NewDeployment {
  name: string;
  stage: DeploymentStage;
  stable: string;
  /** Defaults for those not given: DEFAULT_THRESHOLDS. */
  thresholds?: Partial<RollbackThresholds>;
  deployed: DeployedVersion | null;
}

export interface DeploymentUpdate {
  kind: Exclude<DeploymentEventKind, "create">;
  to: DeploymentState;
  deployed?: DeployedVersion | null;
  figures?: Record<string, number> | null;
  /**
   * Applies the change only while the deployment's candidate is still this reference (null:
   * none), else a ConveyorError (code "conflict"): a server rolling back the candidate it
   * watched must not undo a promotion made meanwhile.
   */
  ifCandidate?: string | null;
}

export interface DeploymentStore {
  /** A ConveyorError (code "duplicate_deployment") when the name is taken; "invalid_name" for a bad name. */
  createDeployment(d: NewDeployment, change: DeploymentChange): Promise<{ deployment: DeploymentRecord; event: DeploymentEvent }>;
  getDeployment(name: string): Promise<DeploymentRecord | undefined>;
  /** By name, compared by code point. */
  listDeployments(window?: NameWindow): Promise<DeploymentRecord[]>;
  /** Changes what serves and records the event in one transaction; not_found for an unknown deployment. */
  updateDeployment(name: string, update: DeploymentUpdate, change: DeploymentChange): Promise<{ deployment: DeploymentRecord; event: DeploymentEvent }>;
  /** The audit trail, oldest first; not_found for an unknown deployment. */
  deploymentEvents(name: string, window?: ListWindow): Promise<DeploymentEvent[]>;
  /** The events, of any deployment, that put this model version into service (lineage downstream), oldest first. */
  versionDeployments(model: string, version: number): Promise<DeploymentEvent[]>;
}
