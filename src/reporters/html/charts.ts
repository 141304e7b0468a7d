import type { Localized } from '../../i18n/locale.js';
import { escapeHtml } from './escape.js';

/**
 * The report's two charts as inline SVG, drawn here rather than with a charting library: they are
 * two bar charts (score per point, failures by severity), a library would add 50–200 KB of script
 * that the report would have to read from node_modules at render time (reporters do no I/O) and
 * run in the page, and canvas charts print poorly. SVG needs no script, prints sharply, works with
 * the page's language switch (labels carry `lang`), and is pinned by test/unit/html-charts.test.ts.
 */
export interface Bar {
  readonly label: Localized;
  /** null draws an empty, dashed slot labelled "n/a". */
  readonly value: number | null;
  readonly color: string;
  /** Text on the bar's end; the value when absent. */
  readonly display?: string;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Hiragino Sans, Meiryo, sans-serif"';

function label(x: number, y: number, text: Localized, attributes: string): string {
  return (['en', 'ja'] as const).map((locale) => `<text lang="${locale}" x="${x}" y="${y}" ${attributes}>${escapeHtml(text[locale])}</text>`).join('');
}

/** Vertical bars on a 0–max scale with gridlines, one per entry, value above each bar. */
export function columnChart(bars: readonly Bar[], options: { max: number; width?: number; height?: number; title: Localized }): string {
  const width = options.width ?? 560;
  const height = options.height ?? 240;
  const left = 34;
  const bottom = 42;
  const top = 18;
  const plotHeight = height - bottom - top;
  const slot = (width - left - 8) / Math.max(bars.length, 1);
  const barWidth = Math.min(56, slot * 0.62);
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = round(top + plotHeight * (1 - tick));
    parts.push(`<line x1="${left}" x2="${width - 4}" y1="${y}" y2="${y}" stroke="#d0d7de" stroke-width="1"${tick === 0 ? '' : ' stroke-dasharray="3 3"'}/>`);
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#57606a">${round(options.max * tick)}</text>`);
  }
  bars.forEach((bar, index) => {
    const x = round(left + slot * index + (slot - barWidth) / 2);
    const center = round(left + slot * index + slot / 2);
    if (bar.value === null) {
      parts.push(
        `<rect x="${x}" y="${top}" width="${round(barWidth)}" height="${plotHeight}" fill="none" stroke="#afb8c1" stroke-dasharray="4 3" rx="3"/>`,
        `<text x="${center}" y="${round(top + plotHeight / 2)}" text-anchor="middle" font-size="12" fill="#57606a">n/a</text>`,
      );
    } else {
      const value = Math.max(0, Math.min(bar.value, options.max));
      const barHeight = round((plotHeight * value) / options.max);
      const y = round(top + plotHeight - barHeight);
      parts.push(`<rect x="${x}" y="${y}" width="${round(barWidth)}" height="${Math.max(barHeight, 1)}" fill="${bar.color}" rx="3"/>`);
      parts.push(
        `<text x="${center}" y="${round(y - 5)}" text-anchor="middle" font-size="13" font-weight="600" fill="#24292f">${escapeHtml(bar.display ?? String(bar.value))}</text>`,
      );
    }
    parts.push(label(center, height - bottom + 18, bar.label, 'text-anchor="middle" font-size="12" fill="#24292f"'));
  });
  return svg(width, height, options.title, parts);
}

/** Horizontal bars sized against the largest value, label on the left and value on the right. */
export function barChart(bars: readonly Bar[], options: { width?: number; title: Localized }): string {
  const width = options.width ?? 560;
  const row = 34;
  const top = 8;
  const left = 96;
  const right = 48;
  const height = top * 2 + row * bars.length;
  const max = bars.reduce((most, bar) => Math.max(most, bar.value ?? 0), 1);
  const parts: string[] = [];
  bars.forEach((bar, index) => {
    const y = top + row * index;
    const value = bar.value ?? 0;
    const barWidth = round(((width - left - right) * value) / max);
    parts.push(label(left - 10, y + row / 2 + 4, bar.label, 'text-anchor="end" font-size="12" fill="#24292f"'));
    parts.push(`<rect x="${left}" y="${y + 6}" width="${width - left - right}" height="${row - 12}" fill="#f6f8fa" rx="3"/>`);
    if (barWidth > 0) parts.push(`<rect x="${left}" y="${y + 6}" width="${barWidth}" height="${row - 12}" fill="${bar.color}" rx="3"/>`);
    parts.push(
      `<text x="${left + barWidth + 6}" y="${y + row / 2 + 4}" font-size="13" font-weight="600" fill="#24292f">${escapeHtml(bar.display ?? String(value))}</text>`,
    );
  });
  return svg(width, height, options.title, parts);
}

function svg(width: number, height: number, title: Localized, parts: readonly string[]): string {
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" xmlns="http://www.w3.org/2000/svg" ${FONT}>` +
    `<title>${escapeHtml(title.en)} / ${escapeHtml(title.ja)}</title>` +
    parts.join('') +
    '</svg>'
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
