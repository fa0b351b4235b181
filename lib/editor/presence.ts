/** Who else has a section open, from the awareness states the server stamped. */
export type Peer = {
  userId: string;
  name: string;
  department: string;
  color: string;
  /** Their editor has focus (they have a caret in the text). */
  editing: boolean;
};

type StampedUser = { id: string; name: string; department: string; color: string };

function stampedUserOf(state: Record<string, unknown> | null | undefined): StampedUser | null {
  const user = state?.user as Partial<StampedUser> | undefined;
  if (!user || typeof user.id !== "string" || typeof user.name !== "string") return null;
  return {
    id: user.id,
    name: user.name,
    department: typeof user.department === "string" ? user.department : "",
    color: typeof user.color === "string" ? user.color : "#5c6470",
  };
}

/**
 * Other people in a section, one entry per person (several tabs of one person count once), in a
 * stable order. Our own client and our own other tabs (`selfUserId`) are left out. Only states
 * that came through the server carry a stamped `user.id`; a state without one is ignored.
 */
export function peersFrom(states: Map<number, Record<string, unknown> | null>, ownClientId: number, selfUserId: string | null): Peer[] {
  const byUser = new Map<string, Peer>();
  for (const [clientId, state] of states) {
    if (clientId === ownClientId) continue;
    const user = stampedUserOf(state);
    if (!user || user.id === selfUserId) continue;
    const editing = state?.cursor != null;
    const known = byUser.get(user.id);
    if (known) known.editing ||= editing;
    else byUser.set(user.id, { userId: user.id, name: user.name, department: user.department, color: user.color, editing });
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || a.userId.localeCompare(b.userId));
}

export function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((peer, index) => {
      const other = b[index]!;
      return (
        peer.userId === other.userId &&
        peer.name === other.name &&
        peer.department === other.department &&
        peer.color === other.color &&
        peer.editing === other.editing
      );
    })
  );
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * What an avatar shows. Chinese names: the surname (first character of the name proper, after any
 * title prefix such as "科技局编辑 张磊" and without a bracketed part such as "韩副市长（韩立军）");
 * other names: first letters of the first and last word.
 */
export function initialsOf(name: string): string {
  const withoutBrackets = name.replace(/[（(【[][^）)】\]]*[）)】\]]/g, " ").trim() || name.trim();
  const words = withoutBrackets.split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const last = words.at(-1)!;
  if (CJK.test(last)) return [...last][0]!;
  const first = words[0]!;
  const letters = words.length > 1 ? [...first][0]! + [...last][0]! : [...first].slice(0, 2).join("");
  return letters.toUpperCase();
}
