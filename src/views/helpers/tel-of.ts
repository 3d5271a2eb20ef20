/** {{telOf "020-22 24 26"}} -> "020222426": a tel: address is digits (and +) only. */
export default function telOf(phone: string): string {
  return String(phone).replace(/[^\d+]/g, '');
}
