/**
 * Whether the database can be reached, as the requests and the workers find out.
 * The first failure to reach it is logged once ("unreachable"), a probe then tries
 * every second, and the first success is logged once ("reachable again"); the
 * failures in between are answered 503 without a stack trace each.
 */
export type AvailabilityLog = { error(o: object, msg: string): void; info(o: object, msg: string): void };

export class DatabaseAvailability {
  private down = false;
  private since = 0;
  private timer: NodeJS.Timeout | undefined;
  private log: AvailabilityLog | undefined;
  private stopped = false;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly probeEveryMs = 1000,
  ) {}

  /** Where the two lines go (the server's logger, once it exists). */
  useLog(log: AvailabilityLog): void {
    this.log = log;
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Seconds a client should wait before trying again. */
  readonly retryAfterSeconds = 5;

  /** A query failed because the database could not be reached. Logs only the first time. */
  reportDown(e: unknown): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.since = Date.now();
    this.log?.error({ reason: e instanceof Error ? e.message : String(e) }, 'The database is unreachable: answering 503 until it is back');
    this.schedule();
  }

  /** The database answered: logs "back" once if it had been unreachable. */
  reportUp(): void {
    if (!this.down) return;
    this.down = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.log?.info({ downForMs: Date.now() - this.since }, 'The database is reachable again');
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.probe().then(
        () => this.reportUp(),
        () => {
          if (this.down && !this.stopped) this.schedule();
        },
      );
    }, this.probeEveryMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
