"use client";

import { useTranslations } from "next-intl";
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterOutputs } from "../../_components/types";
import { useIndicatorFormat } from "../indicator-format";

type Indicator = RouterOutputs["indicator"]["get"];

const LINE_COLOR = "#b4232a";
const TARGET_COLOR = "#1d4ed8";

/**
 * The observations over time (periods ascending) with the target as a dashed line. The SVG is
 * one image to screen readers, named by a summary of every value; the table below has the detail.
 */
export function ObservationChart({ indicator }: { indicator: Indicator }) {
  const t = useTranslations("indicators.detail.chart");
  const format = useIndicatorFormat();
  const points = [...indicator.observations]
    .sort((a, b) => a.period.localeCompare(b.period))
    .map((observation) => ({ period: observation.period, label: format.period(observation.period), value: observation.value }));

  if (points.length === 0) return <p className="muted">{t("empty")}</p>;

  // One value (or the same value throughout) gives "auto" no range to work with: start from zero.
  const flat = new Set(points.map((point) => point.value)).size === 1;
  const target = indicator.targetValue;
  const targetText =
    target === null
      ? null
      : indicator.targetYear === null
        ? t("targetNoYear", { value: format.value(target, indicator.unit) })
        : t("target", { value: format.value(target, indicator.unit), year: format.year(indicator.targetYear) });
  const summary = [
    t("summary", {
      name: indicator.name,
      count: points.length,
      points: points.map((point) => t("summaryPoint", { period: point.label, value: format.value(point.value, indicator.unit) })).join(t("summarySeparator")),
    }),
    targetText && t("summaryTarget", { target: targetText }),
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <figure className="chart-figure">
      <div className="chart" role="img" aria-label={summary} data-testid="observation-chart">
        <LineChart responsive style={{ width: "100%", height: 300 }} data={points} margin={{ top: 24, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#eceef1" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#5c6470" }} tickLine={false} axisLine={{ stroke: "#dfe2e7" }} padding={{ left: 24, right: 24 }} />
          <YAxis
            width="auto"
            tick={{ fontSize: 12, fill: "#5c6470" }}
            tickLine={false}
            axisLine={false}
            tickFormatter={(value: number) => format.number(value)}
            domain={flat ? [(dataMin: number) => Math.min(0, dataMin), "auto"] : ["auto", "auto"]}
          />
          <Tooltip formatter={(value) => [format.value(Number(value), indicator.unit), indicator.name]} />
          {target !== null && targetText && (
            <ReferenceLine
              y={target}
              stroke={TARGET_COLOR}
              strokeDasharray="6 4"
              ifOverflow="extendDomain"
              label={{ value: targetText, position: "insideTopRight", fill: TARGET_COLOR, fontSize: 12 }}
            />
          )}
          <Line type="monotone" dataKey="value" stroke={LINE_COLOR} strokeWidth={2} dot={{ r: 4, fill: LINE_COLOR }} isAnimationActive={false} />
        </LineChart>
      </div>
      <figcaption className="field-hint">{t("caption")}</figcaption>
    </figure>
  );
}
