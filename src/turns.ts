/**
 * First come, first served: the requests the response cache could not answer, and the long work
 * done beside them (an import), take turns, one per turn of the event loop, in the order they
 * asked. One queue for the process, since the event loop is the process's.
 *
 * Why: Node accepts one new connection per turn of the loop, and a turn runs every request read
 * in it. When the process is busy (uncached pages at 50 connections), a turn takes 50 requests'
 * work, so a visitor who connects then waits one whole turn per connection ahead of theirs: the
 * bench measured a p99 ten to twenty times the p50, seconds for the last to connect. Running
 * one request per turn keeps each turn short, so new connections are accepted as fast as
 * requests finish, and everybody waits about as long as everybody else.
 *
 * Only the synchronous start of each request is queued: what a request awaits (PostgreSQL,
 * compression) goes on beside the others as before, so throughput stays what it was.
 *
 * Long work takes its turn behind the requests already waiting: an import that only let the loop
 * through between its stretches had one stretch per request, and a visitor's page waited for as
 * many stretches as there were requests ahead of it.
 */
class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Runs `go` once everything that asked before it has had its turn. */
  take(go: () => void): void {
    this.waiting.push(go);
    if (!this.scheduled) this.schedule();
  }

  private schedule(): void {
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.waiting.shift();
      if (this.waiting.length > 0) this.schedule();
      next?.();
    });
  }
}

export const turns = new Turns();

/** Resolves at the caller's turn: for long work, to let the requests waiting meanwhile go first. */
export const takeTurn = (): Promise<void> => new Promise((resolve) => turns.take(resolve));
