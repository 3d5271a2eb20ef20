import Handlebars from 'handlebars';

/**
 * Bar charts drawn on the server as inline SVG, so a page needs no chart script.
 * Bars are horizontal with the label above each bar: long labels (county names)
 * never collide, and the drawing stays legible when scaled down to a 320 px screen.
 * The SVG is one image to assistive technology (role="img" with a title and a
 * description that reads out every value); the same figures follow as a table.
 */

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartSpec {
  /** Unique on the page: the title, description and table refer to it. */
  id: string;
  title: string;
  /** One sentence on what is counted; the values are appended for screen readers. */
  description: string;
  bars: readonly Bar[];
  /** Column headings and the disclosure text of the table alternative, in the page's language. */
  labelHeading: string;
  valueHeading: string;
  tableSummary: string;
  /** Formats a value as the page's language writes numbers. */
  format?: (value: number) => string;
}

/** About the width of a 320 px screen's content, so text drawn at 15 units is read at about 15 px there. */
const WIDTH = 280;
const ROW = 44;
const LABEL_BASELINE = 17;
const BAR_TOP = 23;
const BAR_HEIGHT = 15;
/** Room to the right of the longest bar for its value. */
const VALUE_SPACE = 56;

const escape = (text: string) => Handlebars.escapeExpression(text);

function svg(spec: BarChartSpec, format: (value: number) => string): string {
  const max = Math.max(1, ...spec.bars.map((b) => b.value));
  const height = Math.max(ROW, spec.bars.length * ROW);
  const values = spec.bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ');
  const rows = spec.bars.map((bar, i) => {
    const y = i * ROW;
    const width = Math.round((bar.value / max) * (WIDTH - VALUE_SPACE) * 10) / 10;
    const rect = width > 0 ? `<rect x="0" y="${y + BAR_TOP}" width="${width}" height="${BAR_HEIGHT}" class="chart__bar"/>` : '';
    return (
      `<text x="0" y="${y + LABEL_BASELINE}" class="chart__label">${escape(bar.label)}</text>` +
      rect +
      `<text x="${width + 6}" y="${y + BAR_TOP + BAR_HEIGHT - 2}" class="chart__value">${escape(format(bar.value))}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" class="chart__svg">` +
    `<title id="${spec.id}-title">${escape(spec.title)}</title>` +
    `<desc id="${spec.id}-desc">${escape(`${spec.description} ${values}.`)}</desc>` +
    rows.join('') +
    `</svg>`
  );
}

function table(spec: BarChartSpec, format: (value: number) => string): string {
  const rows = spec.bars.map((b) => `<tr><th scope="row">${escape(b.label)}</th><td>${escape(format(b.value))}</td></tr>`).join('');
  return (
    `<details class="chart__table"><summary>${escape(spec.tableSummary)}</summary>` +
    `<table><caption>${escape(spec.title)}</caption>` +
    `<thead><tr><th scope="col">${escape(spec.labelHeading)}</th><th scope="col">${escape(spec.valueHeading)}</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></details>`
  );
}

/** A figure with the chart, its visible heading and its table alternative, as HTML ready to embed. */
export function barChart(spec: BarChartSpec): string {
  const format = spec.format ?? String;
  return (
    `<figure class="chart" id="${spec.id}">` +
    `<figcaption class="chart__caption">${escape(spec.title)}</figcaption>` +
    svg(spec, format) +
    table(spec, format) +
    `</figure>`
  );
}
