/**
 * One local edit (one Yjs transaction of this browser) that the server has not yet confirmed as
 * stored. `client`/`clock` identify what it inserted: it is stored once the server's committed state
 * vector reaches `clock` for `client`.
 *
 * A state vector says nothing about deletions, so an edit that only deleted text (`deletionOnly`)
 * is confirmed differently: a SyncStep1 "probe" sent after it is answered (so the server has
 * applied it), and then the next MESSAGE_SAVED arrives (the server writes everything it applied
 * before telling anyone what is committed). One gap remains, which only a sequence number from
 * the server could close: a write already under way when the deletion arrives also ends with a
 * MESSAGE_SAVED that does not include it.
 */
export type UnsavedEdit = { client: number; clock: number; deletionOnly: boolean };

type TrackedEdit = UnsavedEdit & {
  /** Number of the probe sent after this deletion reached the socket (null: none yet on this connection). */
  probe: number | null;
  /** The server has applied this deletion (its probe was answered). */
  arrived: boolean;
};

/** Counts local edits not yet in the database, from the server's MESSAGE_SAVED and probe answers. */
export class UnsavedEdits {
  private edits: TrackedEdit[] = [];
  private probesSent = 0;
  private probesAnswered = 0;

  /** How many local edits the server has not confirmed as stored. */
  get count(): number {
    return this.edits.length;
  }

  record(edit: UnsavedEdit) {
    this.edits.push({ ...edit, probe: null, arrived: false });
  }

  /** Adds edits kept from an earlier visit (before anything recorded in this one). */
  restore(edits: readonly UnsavedEdit[]) {
    this.edits = [...edits.map((edit) => ({ ...edit, probe: null, arrived: false })), ...this.edits];
  }

  /** Edits to keep across a reload (the document itself is kept by y-indexeddb). */
  list(): UnsavedEdit[] {
    return this.edits.map(({ client, clock, deletionOnly }) => ({ client, clock, deletionOnly }));
  }

  /** Whether a probe is needed to confirm deletions that reached the socket. */
  get hasUnprobedDeletions(): boolean {
    return this.edits.some((edit) => edit.deletionOnly && !edit.arrived && edit.probe === null);
  }

  /**
   * A new socket is open. The provider's own SyncStep1 counts as the first probe, but it covers
   * nothing: it is sent before this client's catch-up (its SyncStep2) goes out.
   */
  connectionOpened() {
    this.probesSent = 1;
    this.probesAnswered = 0;
    for (const edit of this.edits) if (!edit.arrived) edit.probe = null;
  }

  /** A probe went out after every deletion recorded so far had been sent. */
  probeSent() {
    this.probesSent += 1;
    for (const edit of this.edits) if (edit.deletionOnly && !edit.arrived && edit.probe === null) edit.probe = this.probesSent;
  }

  /** The server answered the oldest unanswered probe (a SyncStep2). */
  probeAnswered() {
    this.probesAnswered = Math.min(this.probesAnswered + 1, this.probesSent);
    for (const edit of this.edits) if (edit.probe !== null && edit.probe <= this.probesAnswered) edit.arrived = true;
  }

  /** The server's committed state vector: drops what it covers. Returns whether the count changed. */
  committed(vector: Map<number, number>): boolean {
    const before = this.edits.length;
    this.edits = this.edits.filter((edit) => (edit.deletionOnly ? !edit.arrived : (vector.get(edit.client) ?? 0) < edit.clock));
    return this.edits.length !== before;
  }

  /** Forgets everything (the local copy was discarded). */
  clear() {
    this.edits = [];
  }
}
