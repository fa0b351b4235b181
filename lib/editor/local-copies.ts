import { clearDocument } from "y-indexeddb";
import { localCopyName } from "./section-session";

const OWNER_KEY = "xz-local-copies-owner";
const COPY_PREFIX = localCopyName("");

/**
 * Makes the section copies in this browser's IndexedDB belong to `userId` before any is opened:
 * when another account used this browser before, its copies (and any edits of theirs the server
 * never took) are deleted, so that they are neither shown to nor sent as edits of the new user.
 */
export async function claimLocalCopies(userId: string): Promise<void> {
  let previousOwner: string | null = null;
  try {
    previousOwner = window.localStorage.getItem(OWNER_KEY);
  } catch {
    // Storage can be blocked (privacy settings); the copies then cannot be attributed either.
  }
  if (previousOwner !== null && previousOwner !== userId && typeof indexedDB.databases === "function") {
    const databases = await indexedDB.databases();
    await Promise.all(
      databases.flatMap((database) => (database.name?.startsWith(COPY_PREFIX) ? [clearDocument(database.name)] : [])),
    );
  }
  try {
    window.localStorage.setItem(OWNER_KEY, userId);
  } catch {
    // As above.
  }
}
