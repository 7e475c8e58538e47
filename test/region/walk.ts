// The Region runbooks walked step by step over a model read from the synthesized output, through the
// documented behaviours of src/core/aws/failure-semantics.ts: each step does what the table says its
// block does in the run's mode, and the walk checks what the README promises after each.
import { failureSemantic } from '../../src/core/aws/failure-semantics';

/** Where the instances of a Region send their writes: a cluster endpoint names the Region of its cluster. */
export type InstanceEndpoint = { kind: 'global-writer' } | { kind: 'cluster'; region: string } | { kind: 'local-reader' };

/** One Region as the synthesized output has it. */
export interface WalkRegion {
  readonly region: string;
  /** The fleet's configured minimum (what it runs before any switch). */
  readonly minCapacity: number;
  /** The fleet that carries the peak in this Region (the report's activated minimum). */
  readonly peakInstances: number;
  /** The minimum the activation function raises it to (its TARGET_MIN_CAPACITY), if it has one. */
  readonly activationTarget?: number;
  /** The endpoint the instances write through. */
  readonly instanceEndpoint: InstanceEndpoint;
  /** The cluster forwards writes once it is a secondary (global forwarding and the consistency parameter). */
  readonly globalForwarding: boolean;
  /** The cluster's readers forward writes to its own writer (local forwarding and the consistency parameter). */
  readonly localForwarding: boolean;
  /** The record's routing: failover PRIMARY / SECONDARY, or latency. */
  readonly record: 'PRIMARY' | 'SECONDARY' | 'latency';
  /** The dimension sets of the alarms the record's health check turns unhealthy on when the cluster is a secondary. */
  readonly writerAlarmShapes: string[];
  /** Seconds from the cluster becoming a secondary to Route 53 seeing its alarm (period x evaluations + check interval). */
  readonly writerSignalSeconds?: number;
  /** The next deploy or apply keeps a group minimum the switch raised (ignore_changes, or CloudFormation's rule). */
  readonly keepsRaisedMinimum: boolean;
}

/** One step of the plan's activate workflow. */
export interface WalkStep {
  readonly block: string;
  readonly targetPercent?: number;
  readonly minimumSuccessPercentage?: number;
  readonly behavior?: string;
  readonly ungraceful?: string;
}

/** The synthesized output of one configuration, as the walk reads it. */
export interface WalkModel {
  readonly flavor: 'cloudformation' | 'terraform';
  readonly mode: string;
  readonly regions: [WalkRegion, WalkRegion, ...WalkRegion[]];
  readonly steps: WalkStep[];
  /** Route 53's detection of a dead Region: interval x threshold. */
  readonly detectionSeconds: number;
}

/** What the report says about one runbook. */
export interface RunbookFigures {
  /** Seconds until DNS answers with the Region that can write. */
  readonly dnsSeconds: number;
  /** Instances short of the peak when the new writer takes over (0: none). */
  readonly shortfallInstances: number;
}

export type Runbook = 'planned-switchover' | 'unplanned-failover' | 'failback';

/** The state the walk keeps. */
interface State {
  running: number[];
  raised: boolean[];
  writer: number;
  up: boolean[];
}

/** One failed promise, with the runbook and step it failed at. */
export class WalkFailure extends Error {}

function fail(model: WalkModel, runbook: Runbook, step: string, message: string): never {
  throw new WalkFailure(`${model.flavor} ${model.mode} ${runbook}, ${step}: ${message}`);
}

/**
 * Walks one runbook and returns what it measured. Throws a WalkFailure at the first broken promise.
 * - planned-switchover: both Regions up, the plan activates Region 2 gracefully.
 * - unplanned-failover: Region 1 lost, the plan activates Region 2 ungracefully.
 * - failback: after the planned switchover, the plan activates Region 1 gracefully.
 */
export function walk(model: WalkModel, runbook: Runbook, figures: RunbookFigures): { dnsSeconds: number; shortfallInstances: number } {
  const state: State = {
    running: model.regions.map((r) => r.minCapacity),
    raised: model.regions.map(() => false),
    writer: 0,
    up: model.regions.map(() => true),
  };
  let measured = { dnsSeconds: 0, shortfallInstances: 0 };
  const run = (from: number, to: number, mode: 'graceful' | 'ungraceful', name: Runbook) => {
    let shortfall = 0;
    for (const [i, step] of model.steps.entries()) {
      const row = failureSemantic(`arc.${step.block}.${mode}`);
      if (!row.effect?.runs) continue;
      const label = `step ${i + 1} (${step.block}, ${mode})`;
      if (step.block === 'EC2AutoScaling') {
        // The capacity of the Region being left, as ARC sampled it before (its running fleet).
        const target = Math.ceil(((step.targetPercent ?? 100) / 100) * state.running[from]);
        const reached = mode === 'ungraceful' ? Math.floor(((step.minimumSuccessPercentage ?? 0) / 100) * target) : target;
        if (reached > state.running[to]) {
          state.running[to] = reached;
          state.raised[to] = true;
        }
      } else if (step.block === 'CustomActionLambda') {
        const target = model.regions[to].activationTarget;
        if (target !== undefined && target > state.running[to]) {
          state.running[to] = target;
          state.raised[to] = true;
        }
      } else if (step.block === 'AuroraGlobalDatabase') {
        // The serving Region holds the peak before it takes the writer, or the report states the shortfall.
        const peak = model.regions[to].peakInstances;
        shortfall = Math.max(0, peak - state.running[to]);
        if (shortfall > figures.shortfallInstances) {
          fail(model, name, label, `${model.regions[to].region} runs ${state.running[to]} instances when it takes the writer, ${shortfall} short of the peak's ${peak}; the report states ${figures.shortfallInstances}`);
        }
        state.writer = to;
      } else {
        fail(model, name, label, `the walk has no model of a ${step.block} block`);
      }
    }
    if (state.writer !== to) fail(model, name, 'end of plan', `the writer is still in ${model.regions[state.writer].region}`);
    return shortfall;
  };

  const check = (name: Runbook, failedOver: boolean) => {
    // DNS answers with a Region that can write, within the report's figure.
    const serving = answers(model, state);
    if (serving.length === 0) fail(model, name, 'DNS', 'no Region answers');
    for (const s of serving) {
      const r = model.regions[s];
      if (!canWrite(r, s === state.writer, model.regions[state.writer].region)) {
        fail(model, name, 'DNS', `answers with ${r.region}, whose instances cannot write (${JSON.stringify(r.instanceEndpoint)}, writer in ${model.regions[state.writer].region})`);
      }
    }
    const dns = dnsSeconds(model, failedOver);
    if (dns > figures.dnsSeconds) fail(model, name, 'DNS', `moves after ${dns} s, the report promises ${figures.dnsSeconds} s`);
    // The next deploy or apply undoes nothing the switch did.
    for (const [i, r] of model.regions.entries()) {
      if (state.raised[i] && !r.keepsRaisedMinimum) {
        fail(model, name, 'next deploy', `${r.region}'s raised minimum (${state.running[i]}) goes back to ${r.minCapacity}`);
      }
    }
    return dns;
  };

  if (runbook === 'planned-switchover' || runbook === 'failback') {
    const shortfall = run(0, 1, 'graceful', 'planned-switchover');
    measured = { dnsSeconds: check('planned-switchover', false), shortfallInstances: shortfall };
    if (runbook === 'failback') {
      const back = run(1, 0, 'graceful', 'failback');
      measured = { dnsSeconds: check('failback', false), shortfallInstances: back };
    }
  } else {
    state.up[0] = false;
    const shortfall = run(0, 1, 'ungraceful', runbook);
    measured = { dnsSeconds: check(runbook, true), shortfallInstances: shortfall };
  }
  return measured;
}

/** Whether the instances of a Region write, given where the writer is. */
function canWrite(r: WalkRegion, holdsWriter: boolean, writerRegion: string): boolean {
  const e = r.instanceEndpoint;
  switch (e.kind) {
    // The global writer endpoint follows the writer and resolves to its private address:
    // reachable from the writer's own Region (no network path between the VPCs is built).
    case 'global-writer': return holdsWriter && failureSemantic('aurora.globalWriterEndpoint').effect?.followsWriter === true;
    // A cluster endpoint stays with its cluster: it writes only while that cluster is the writer, and only from its own Region.
    case 'cluster': return failureSemantic('aurora.clusterEndpoint').effect?.followsWriter === false && e.region === writerRegion && holdsWriter;
    // The reader endpoint forwards: to its own writer (local forwarding), or to the writer's Region (global forwarding).
    case 'local-reader': return holdsWriter ? r.localForwarding : r.globalForwarding && failureSemantic('aurora.writeForwarding.demoted').effect?.needsForwardingOnEveryCluster === true;
  }
}

/** The Regions DNS answers with: latency records (every healthy one) or the failover pair. */
function answers(model: WalkModel, state: State): number[] {
  const healthy = model.regions.map((r, i) => state.up[i] && (i === state.writer || !coversEveryShape(r.writerAlarmShapes)));
  if (model.regions.every((r) => r.record === 'latency')) return model.regions.map((_, i) => i).filter((i) => healthy[i]);
  const primary = model.regions.findIndex((r) => r.record === 'PRIMARY');
  const secondary = model.regions.findIndex((r) => r.record === 'SECONDARY');
  if (healthy[primary]) return [primary];
  if (healthy[secondary]) return [secondary];
  return [primary];
}

/**
 * An alarm on a dimension set AWS may not publish stays OK: the record's check turns unhealthy on
 * a secondary only if its alarms cover every shape the table lists as possible.
 */
function coversEveryShape(shapes: string[]): boolean {
  const possible = String(failureSemantic('cloudwatch.auroraGlobalLag.shape').effect?.shapes ?? '').split('|');
  return possible.every((p) => shapes.includes(p));
}

/** Seconds until DNS answers with the writer's Region. */
function dnsSeconds(model: WalkModel, failedOver: boolean): number {
  const ttl = failureSemantic('route53.alias.ttl').effect?.ttlSeconds as number;
  if (failedOver) return model.detectionSeconds + ttl;
  // The primary record moves DNS: its writer alarms fire when its cluster is demoted, and return to
  // OK when it takes the writer back; latency records (no writer check) answer at once.
  const primary = model.regions.find((r) => r.record === 'PRIMARY');
  if (!primary) return 0;
  return (primary.writerSignalSeconds ?? Infinity) + ttl;
}
