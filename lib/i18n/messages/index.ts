import type { Locale } from "../config";

/**
 * The dictionary of a locale: `<locale>.json` plus one file per feature under `<locale>/`, each
 * holding its own top-level namespaces (so features can be worked on side by side).
 */
export const featureFiles = ["history", "comments", "review", "import", "search", "export"] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const base = (await import(`./${locale}.json`)).default as Record<string, unknown>;
  const parts = await Promise.all(featureFiles.map(async (feature) => (await import(`./${locale}/${feature}.json`)).default as Record<string, unknown>));
  const merged: Record<string, unknown> = { ...base };
  for (const [index, part] of parts.entries()) {
    for (const [namespace, value] of Object.entries(part)) {
      if (namespace in merged) throw new Error(`i18n: namespace "${namespace}" of ${featureFiles[index]}.json is defined twice`);
      merged[namespace] = value;
    }
  }
  return merged;
}
