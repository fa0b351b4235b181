"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { can, type Actor } from "@/server/policy";

/**
 * What the signed-in user may do in the project and indicator registries, asked of the same
 * policy the server enforces (server/policy), so buttons appear only when the server would allow
 * the action. Abilities on one record come with the record (`canEdit`).
 */
export function useRegistryAbilities() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return useMemo(() => {
    const actor: Actor | null = me.data
      ? { id: me.data.id, role: me.data.role, departmentId: me.data.department.id, disabled: false }
      : null;
    return {
      me: me.data,
      canWriteProjects: can(actor, "project.write"),
      canWriteIndicators: can(actor, "indicator.write"),
      /** Whether the user may own a project in this department (create it there, or move it there). */
      canEditProjectsOf: (ownerDepartmentId: string) => can(actor, "project.edit", { ownerDepartmentId }),
      canEditIndicatorsOf: (ownerDepartmentId: string) => can(actor, "indicator.edit", { ownerDepartmentId }),
    };
  }, [me.data]);
}
