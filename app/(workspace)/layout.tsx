import type { ReactNode } from "react";
import { LiveEventsProvider } from "./_components/live-events";
import { WorkspaceShell } from "./_components/workspace-shell";

/** Every page behind the login (the custom server redirects anonymous visitors to /login). */
export default function WorkspaceLayout({ children }: { children: ReactNode }) {
  return (
    <LiveEventsProvider>
      <WorkspaceShell>{children}</WorkspaceShell>
    </LiveEventsProvider>
  );
}
