/** What a worker declares it can run at once (cores, memory, GPUs), and what its running tasks hold of it. */
import type { TaskOptionsIR } from "../../ir/schema.ts";

export interface Resources {
  cpu: number;
  memoryMb: number;
  gpu: number;
}

/** What a task holds while it runs: its `resources`, a core when it names none. */
export function needOf(options: Pick<TaskOptionsIR, "resources">): Resources {
  const { cpu, memoryMb, gpu } = options.resources;
  return { cpu: cpu ?? 1, memoryMb: memoryMb ?? 0, gpu: gpu ?? 0 };
}

export function describeResources(r: Resources): string {
  return `${r.cpu} cpu, ${r.memoryMb} MiB, ${r.gpu} gpu`;
}

export class Capacity {
  private readonly used: Resources = { cpu: 0, memoryMb: 0, gpu: 0 };
  private readonly waiting: { need: Resources; start(): void }[] = [];

  constructor(readonly total: Resources) {}

  /** Whether the task could ever run here: what it needs is within what the worker declared. */
  fits(need: Resources): boolean {
    // A task asking more cores than the worker has still runs, alone: cores are shared, not reserved.
    return need.memoryMb <= this.total.memoryMb && need.gpu <= this.total.gpu;
  }

  /** Resolves once the task fits beside the running ones, holding its share until the returned release. */
  async take(need: Resources): Promise<() => void> {
    // A waiting task's share is added as it is started, before anything else may look.
    if (this.waiting.length > 0 || !this.free(need)) await new Promise<void>((start) => this.waiting.push({ need, start }));
    else this.add(need, 1);
    return () => {
      this.add(need, -1);
      this.startWaiting();
    };
  }

  private free(need: Resources): boolean {
    const cpu = Math.min(need.cpu, this.total.cpu);
    return (
      (this.used.cpu === 0 || this.used.cpu + cpu <= this.total.cpu) &&
      this.used.memoryMb + need.memoryMb <= this.total.memoryMb &&
      this.used.gpu + need.gpu <= this.total.gpu
    );
  }

  private add(need: Resources, sign: 1 | -1): void {
    this.used.cpu += sign * Math.min(need.cpu, this.total.cpu);
    this.used.memoryMb += sign * need.memoryMb;
    this.used.gpu += sign * need.gpu;
  }

  /** Starts waiting tasks in order, as long as the first one fits: a large task is not passed over for ever. */
  private startWaiting(): void {
    while (this.waiting.length > 0 && this.free((this.waiting[0] as { need: Resources }).need)) {
      const next = this.waiting.shift() as { need: Resources; start(): void };
      this.add(next.need, 1);
      next.start();
    }
  }
}
