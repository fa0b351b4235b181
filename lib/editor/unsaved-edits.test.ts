import { describe, expect, it } from "vitest";
import { UnsavedEdits } from "./unsaved-edits";

const vector = (entries: [number, number][]) => new Map(entries);

describe("UnsavedEdits", () => {
  it("drops insertions once the committed vector reaches their clock", () => {
    const edits = new UnsavedEdits();
    edits.record({ client: 7, clock: 3, deletionOnly: false });
    edits.record({ client: 7, clock: 5, deletionOnly: false });
    expect(edits.committed(vector([[7, 3]]))).toBe(true);
    expect(edits.count).toBe(1);
    expect(edits.committed(vector([[7, 4]]))).toBe(false);
    edits.committed(vector([[7, 5], [9, 100]]));
    expect(edits.count).toBe(0);
  });

  it("keeps a deletion until a probe sent after it is answered and then a MESSAGE_SAVED arrives", () => {
    const edits = new UnsavedEdits();
    edits.connectionOpened();
    edits.record({ client: 7, clock: 5, deletionOnly: true });
    // A vector that covers the clock says nothing about the deletion.
    edits.committed(vector([[7, 5]]));
    expect(edits.count).toBe(1);
    expect(edits.hasUnprobedDeletions).toBe(true);
    edits.probeSent();
    expect(edits.hasUnprobedDeletions).toBe(false);
    // The first answer is the one to the provider's own SyncStep1, sent before the deletion.
    edits.probeAnswered();
    edits.committed(vector([[7, 5]]));
    expect(edits.count).toBe(1);
    edits.probeAnswered();
    expect(edits.count).toBe(1);
    edits.committed(vector([[7, 5]]));
    expect(edits.count).toBe(0);
  });

  it("forgets unanswered probes when the socket closes and needs a new one after reconnecting", () => {
    const edits = new UnsavedEdits();
    edits.connectionOpened();
    edits.record({ client: 7, clock: 5, deletionOnly: true });
    edits.probeSent();
    edits.connectionOpened();
    expect(edits.hasUnprobedDeletions).toBe(true);
    edits.probeAnswered();
    edits.committed(vector([]));
    expect(edits.count).toBe(1);
    edits.probeSent();
    edits.probeAnswered();
    edits.committed(vector([]));
    expect(edits.count).toBe(0);
  });

  it("restores edits of an earlier visit ahead of new ones, and lists them for storage", () => {
    const edits = new UnsavedEdits();
    edits.record({ client: 2, clock: 1, deletionOnly: false });
    edits.restore([{ client: 1, clock: 9, deletionOnly: false }]);
    expect(edits.list()).toEqual([
      { client: 1, clock: 9, deletionOnly: false },
      { client: 2, clock: 1, deletionOnly: false },
    ]);
    edits.committed(vector([[1, 9]]));
    expect(edits.list()).toEqual([{ client: 2, clock: 1, deletionOnly: false }]);
  });
});
