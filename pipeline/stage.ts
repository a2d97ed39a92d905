import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { StageRecord } from '../db/runs.js';

/** What a stage reports (counts for the run record) and the typed fields it adds to the context. */
export interface StageOutput<Added extends object> {
  counts: Record<string, unknown>;
  adds: Added;
}

/**
 * One step of a pipeline: it reads the fields earlier stages added (`In`) and adds its own (`Added`).
 * `cleanup` always runs once the pipeline ends, whether this stage, a later one, or none failed
 * (after Crawlee's context_pipeline.ts).
 */
export interface Stage<In extends object, Added extends object = object> {
  readonly name: string;
  /** A stage that does not apply to this run (e.g. an import with no folder) is left out of its record. */
  when?(ctx: In): boolean;
  run(ctx: In): Promise<StageOutput<Added>>;
  cleanup?(ctx: In & Partial<Added>): Promise<void> | void;
}

/** A stage that adds nothing, from a function returning counts. */
export function step<In extends object>(
  name: string,
  fn: (ctx: In) => Promise<Record<string, unknown>> | Record<string, unknown>,
  when?: (ctx: In) => boolean,
): Stage<In> {
  return { name, when, run: async (ctx) => ({ counts: await fn(ctx), adds: {} }) };
}

export interface PipelineResult<C> {
  status: 'ok' | 'failed';
  /** "<stage>: <message>" of the first failure. */
  error?: string;
  stages: StageRecord[];
  context: Partial<C>;
}

/**
 * A declared list of stages whose context type grows with each `use`. Running it stops at the first failing
 * stage (later ones are recorded as skipped: they depend on it), then runs every cleanup in reverse order.
 */
export class Pipeline<C extends object> {
  private constructor(private readonly stages: readonly Stage<any, any>[]) {}

  static start<C extends object>(): Pipeline<C> {
    return new Pipeline<C>([]);
  }

  use<A extends object>(stage: Stage<C, A>): Pipeline<C & A> {
    return new Pipeline<C & A>([...this.stages, stage]);
  }

  names(): string[] {
    return this.stages.map((s) => s.name);
  }

  async run<I extends object>(
    initial: I,
    hooks: { logger: Logger; onStage?: (record: StageRecord) => void },
  ): Promise<PipelineResult<C>> {
    const ctx = { ...initial } as Record<string, unknown>;
    const records: StageRecord[] = [];
    const started: Stage<any, any>[] = [];
    let error: string | undefined;
    const record = (r: StageRecord) => {
      records.push(r);
      hooks.onStage?.(r);
    };
    try {
      for (const stage of this.stages) {
        if (stage.when && !stage.when(ctx)) continue;
        if (error) {
          record({ name: stage.name, status: 'skipped', counts: {}, ms: 0 });
          continue;
        }
        hooks.logger.info({ stage: stage.name }, `stage ${stage.name}`);
        started.push(stage);
        const t0 = performance.now();
        try {
          const out = await stage.run(ctx);
          Object.assign(ctx, out.adds);
          const ms = Math.round(performance.now() - t0);
          hooks.logger.info({ stage: stage.name, ms, ...out.counts }, `stage ${stage.name} done`);
          record({ name: stage.name, status: 'ok', counts: out.counts, ms });
        } catch (err) {
          const message = errorMessage(err);
          error = `${stage.name}: ${message}`;
          hooks.logger.error({ stage: stage.name, err: message }, `stage ${stage.name} failed`);
          record({
            name: stage.name,
            status: 'failed',
            counts: {},
            ms: Math.round(performance.now() - t0),
            error: message,
          });
        }
      }
    } finally {
      for (const stage of started.reverse()) {
        try {
          await stage.cleanup?.(ctx);
        } catch (err) {
          hooks.logger.warn({ stage: stage.name, err: errorMessage(err) }, 'stage cleanup failed');
        }
      }
    }
    return { status: error ? 'failed' : 'ok', error, stages: records, context: ctx as Partial<C> };
  }
}
