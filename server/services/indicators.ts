import { desc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { departments, indicatorObservations, indicators, users } from "@/db/schema";
import { publishRegistryEvent } from "@/server/events";
import { recordAuditEvent } from "./audit";
import { citingSections } from "./citations";
import { DomainError, isUniqueViolation } from "./errors";
import { indexRegistryEntry } from "./search";

type Actor = { id: string };

export type IndicatorFields = {
  name: string;
  unit: string;
  category: string;
  ownerDepartmentId: string;
  direction: "higher_is_better" | "lower_is_better";
  baselineValue: number | null;
  baselineYear: number | null;
  targetValue: number | null;
  targetYear: number | null;
  description: string;
};

/** Periods are a year (2020), a month (2020-09) or a quarter (2020-Q3). */
export const PERIOD_PATTERN = /^(19|20)\d{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

export async function requireIndicator(db: DbOrTx, indicatorId: string) {
  const [indicator] = await db.select().from(indicators).where(eq(indicators.id, indicatorId));
  if (!indicator) throw new DomainError("NOT_FOUND", "Unknown indicator", "indicatorId");
  return indicator;
}

async function requireDepartment(db: DbOrTx, departmentId: string) {
  const [department] = await db.select().from(departments).where(eq(departments.id, departmentId));
  if (!department) throw new DomainError("BAD_REQUEST", "Unknown department", "ownerDepartmentId");
  return department;
}

/**
 * Progress from baseline toward target, 0..1 (clamped), or null without both. For lower-is-better
 * indicators the same formula works because target < baseline.
 */
export function progressTowardTarget(baseline: number | null, target: number | null, latest: number | null): number | null {
  if (baseline === null || target === null || latest === null || target === baseline) return null;
  return Math.max(0, Math.min(1, (latest - baseline) / (target - baseline)));
}

/** An indicator with its observations (newest first), who recorded them, and the citing sections. */
export async function getIndicator(db: Db, indicatorId: string) {
  const indicator = await requireIndicator(db, indicatorId);
  const [department] = await db.select().from(departments).where(eq(departments.id, indicator.ownerDepartmentId));
  const observations = await db
    .select({
      id: indicatorObservations.id,
      period: indicatorObservations.period,
      value: indicatorObservations.value,
      source: indicatorObservations.source,
      recordedAt: indicatorObservations.createdAt,
      recordedBy: users.displayName,
    })
    .from(indicatorObservations)
    .leftJoin(users, eq(users.id, indicatorObservations.recordedById))
    .where(eq(indicatorObservations.indicatorId, indicatorId))
    .orderBy(desc(indicatorObservations.period));
  const latest = observations[0] ?? null;
  return {
    ...indicator,
    ownerDepartment: { id: department!.id, name: department!.name },
    observations,
    latest,
    progress: progressTowardTarget(indicator.baselineValue, indicator.targetValue, latest?.value ?? null),
    citedBy: await citingSections(db, "indicator", indicatorId),
  };
}

export async function createIndicator(db: Db, input: { actor: Actor; fields: IndicatorFields }) {
  await requireDepartment(db, input.fields.ownerDepartmentId);
  try {
    const id = await db.transaction(async (tx) => {
      const [indicator] = await tx.insert(indicators).values(input.fields).returning({ id: indicators.id });
      await recordAuditEvent(tx, { actorId: input.actor.id, action: "indicator.create", targetType: "indicator", targetId: indicator!.id, details: { name: input.fields.name } });
      return indicator!.id;
    });
    await indexRegistryEntry(db, "indicator", id);
    publishRegistryEvent({ type: "indicator", id });
    return { id };
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "An indicator with this name exists", "name");
    throw error;
  }
}

export async function updateIndicator(db: Db, input: { actor: Actor; indicatorId: string; fields: Partial<IndicatorFields> }) {
  const indicator = await requireIndicator(db, input.indicatorId);
  if (input.fields.ownerDepartmentId) await requireDepartment(db, input.fields.ownerDepartmentId);
  const changed = Object.fromEntries(
    Object.entries(input.fields).filter(([key, value]) => value !== indicator[key as keyof typeof indicator]),
  );
  if (Object.keys(changed).length === 0) return { id: indicator.id, changed: false };
  try {
    await db.transaction(async (tx) => {
      await tx.update(indicators).set({ ...changed, updatedAt: new Date() }).where(eq(indicators.id, indicator.id));
      await recordAuditEvent(tx, { actorId: input.actor.id, action: "indicator.update", targetType: "indicator", targetId: indicator.id, details: { changed: Object.keys(changed) } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "An indicator with this name exists", "name");
    throw error;
  }
  await indexRegistryEntry(db, "indicator", indicator.id, { nameChanged: "name" in changed });
  publishRegistryEvent({ type: "indicator", id: indicator.id });
  return { id: indicator.id, changed: true };
}

export type ObservationInput = { period: string; value: number; source: string };

/** Records one observation; a period already recorded is refused (CONFLICT on `period`). */
export async function addObservation(db: DbOrTx, input: { actor: Actor; indicatorId: string; observation: ObservationInput }) {
  const indicator = await requireIndicator(db, input.indicatorId);
  try {
    const [observation] = await db.transaction(async (tx) => {
      const rows = await tx
        .insert(indicatorObservations)
        .values({ ...input.observation, indicatorId: indicator.id, recordedById: input.actor.id })
        .returning({ id: indicatorObservations.id });
      await recordAuditEvent(tx, {
        actorId: input.actor.id,
        action: "indicator.addObservation",
        targetType: "indicator",
        targetId: indicator.id,
        details: { ...input.observation },
      });
      return rows;
    });
    publishRegistryEvent({ type: "indicator", id: indicator.id });
    return { id: observation!.id };
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", `A value for ${input.observation.period} is already recorded`, "period");
    throw error;
  }
}

/** Deletes an indicator nobody cites; a cited one is refused with the citing sections (archive it instead). */
export async function deleteIndicator(db: Db, input: { actor: Actor; indicatorId: string }) {
  const indicator = await requireIndicator(db, input.indicatorId);
  const citedBy = await citingSections(db, "indicator", indicator.id);
  if (citedBy.length)
    throw new DomainError("CONFLICT", `Cited by ${citedBy.length} section(s): ${citedBy.map((section) => section.title).join("、")}; archive it instead`, "indicatorId");
  await db.transaction(async (tx) => {
    await tx.delete(indicators).where(eq(indicators.id, indicator.id));
    await recordAuditEvent(tx, { actorId: input.actor.id, action: "indicator.delete", targetType: "indicator", targetId: indicator.id, details: { name: indicator.name } });
  });
  publishRegistryEvent({ type: "indicator", id: indicator.id });
  return { id: indicator.id };
}

export async function setIndicatorArchived(db: Db, input: { actor: Actor; indicatorId: string; archived: boolean }) {
  const indicator = await requireIndicator(db, input.indicatorId);
  await db.transaction(async (tx) => {
    await tx.update(indicators).set({ archived: input.archived, updatedAt: new Date() }).where(eq(indicators.id, indicator.id));
    await recordAuditEvent(tx, { actorId: input.actor.id, action: input.archived ? "indicator.archive" : "indicator.unarchive", targetType: "indicator", targetId: indicator.id, details: { name: indicator.name } });
  });
  publishRegistryEvent({ type: "indicator", id: indicator.id });
  return { id: indicator.id };
}

/** The latest observation (period, value) of each of these indicators, by indicator id. */
export async function latestObservations(db: DbOrTx, indicatorIds: string[]): Promise<Map<string, { period: string; value: number }>> {
  if (indicatorIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([indicatorObservations.indicatorId], {
      indicatorId: indicatorObservations.indicatorId,
      period: indicatorObservations.period,
      value: indicatorObservations.value,
    })
    .from(indicatorObservations)
    .where(inArray(indicatorObservations.indicatorId, indicatorIds))
    .orderBy(indicatorObservations.indicatorId, desc(indicatorObservations.period));
  return new Map(rows.map((row) => [row.indicatorId, { period: row.period, value: row.value }]));
}
