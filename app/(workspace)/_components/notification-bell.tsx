"use client";

/** The bell in the top bar: unread count, list, live updates. (Being written.) */
export function NotificationBell() {
  return null;
}
