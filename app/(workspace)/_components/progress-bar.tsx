"use client";

import { useFormatter } from "next-intl";

/** Progress toward a target (0..1) as a bar with the percentage beside it; announced as a progressbar. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const format = useFormatter();
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  const text = format.number(percent / 100, { style: "percent" });
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-text" aria-hidden="true">
        {text}
      </span>
    </div>
  );
}
