import QRCode from 'qrcode';

/**
 * Made codes by address and label. Drawing one takes about a millisecond, as long as the rest of
 * an uncached town page; the same few hundred place addresses come back all the time.
 */
const made = new Map<string, string>();
const MADE_MAX = 2_000;

/**
 * A QR code for a printed page, as an SVG element to put in the HTML as it is: made here from our
 * own address (never from visitors' or organizers' text), and qrcode's SVG holds only paths.
 * Error correction M survives a smudged or folded printout; the label names it for screen readers.
 */
export async function qrSvg(url: string, label: string): Promise<string> {
  const key = `${url}\n${label}`;
  const kept = made.get(key);
  if (kept !== undefined) return kept;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, color: { dark: '#000000', light: '#ffffff' } });
  const escaped = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const element = svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escaped}" `);
  if (made.size >= MADE_MAX) made.clear();
  made.set(key, element);
  return element;
}
