import QRCode from 'qrcode';

/**
 * A QR code for a printed page, as an SVG element to put in the HTML as it is: made here from our
 * own address (never from visitors' or organizers' text), and qrcode's SVG holds only paths.
 * Error correction M survives a smudged or folded printout; the title names it for screen readers.
 */
export async function qrSvg(url: string, title: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, color: { dark: '#000000', light: '#ffffff' } });
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escaped}" `);
}
