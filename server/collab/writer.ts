import type { Db } from "@/db/client";
import { isForeignKeyViolation } from "@/server/services/errors";
import { appendUpdateLog, type LoggedUpdate } from "./persistence";

type Job = { sectionId: string; rows: LoggedUpdate[]; resolve: () => void; reject: (error: unknown) => void };

/** Rows per INSERT (a bound on one statement's size; the rows travel as three array parameters). */
const MAX_ROWS_PER_STATEMENT = 5000;

/**
 * Group commit of the update log across sections: rooms hand their batches over, and whatever
 * accumulated while earlier writes were in flight goes to the database as one multi-row INSERT.
 * With thousands of sections each typing a little, this is one statement per round trip instead of
 * one per section. A batch is committed when its promise resolves (then the room acknowledges it).
 */
export class UpdateLogWriter {
  private queue: Job[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    /** Statements in flight at once (the rest of the pool stays free for everything else). */
    private readonly concurrency = 2,
  ) {}

  write(sectionId: string, rows: LoggedUpdate[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ sectionId, rows, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const jobs: Job[] = [];
      let rows = 0;
      while (this.queue.length > 0 && (jobs.length === 0 || rows + this.queue[0]!.rows.length <= MAX_ROWS_PER_STATEMENT)) {
        const job = this.queue.shift()!;
        jobs.push(job);
        rows += job.rows.length;
      }
      this.inFlight += 1;
      void this.run(jobs).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(jobs: Job[]) {
    try {
      await this.insert(jobs);
      for (const job of jobs) job.resolve();
    } catch (error) {
      if (jobs.length > 1 && isForeignKeyViolation(error)) {
        // A section was deleted meanwhile: the statement failed for all; write each alone so
        // only that section's batch fails.
        for (const job of jobs) {
          try {
            await this.insert([job]);
            job.resolve();
          } catch (single) {
            job.reject(single);
          }
        }
        return;
      }
      for (const job of jobs) job.reject(error);
    }
  }

  private insert(jobs: Job[]) {
    return appendUpdateLog(
      this.db,
      jobs.flatMap((job) => job.rows.map((row) => ({ sectionId: job.sectionId, update: row.update, userId: row.userId }))),
    );
  }
}
