import { expect, type Locator, type Page } from "@playwright/test";

/** The 监测指标 registry and one indicator's page: observations table, chart, 录入观测值 form. */
export class IndicatorPage {
  readonly recordForm: Locator;
  readonly period: Locator;
  readonly value: Locator;
  readonly source: Locator;
  readonly submit: Locator;
  readonly observationRows: Locator;
  readonly chart: Locator;
  readonly latestValue: Locator;
  readonly readOnlyNote: Locator;

  constructor(private readonly page: Page) {
    this.recordForm = page.getByRole("region", { name: "录入观测值" });
    this.period = this.recordForm.getByLabel("期间");
    this.value = this.recordForm.getByLabel(/^数值/);
    this.source = this.recordForm.getByLabel("来源");
    this.submit = this.recordForm.getByRole("button", { name: "录入" });
    this.observationRows = page.getByTestId("observation-row");
    this.chart = page.getByTestId("observation-chart");
    this.latestValue = page.getByTestId("latest-value");
    this.readOnlyNote = page.getByTestId("read-only-note");
  }

  /** Opens an indicator from the registry by its name. */
  async open(name: string) {
    await this.page.goto("/indicators");
    await this.page.getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  async record(observation: { period: string; value: string; source: string }) {
    await this.period.fill(observation.period);
    await this.value.fill(observation.value);
    await this.source.fill(observation.source);
    await this.submit.click();
  }

  observation(periodLabel: string): Locator {
    return this.observationRows.filter({ has: this.page.getByRole("rowheader", { name: periodLabel, exact: true }) });
  }
}
