/**
 * The household's points card code, printed as a QR code and readable by a counter's scanner
 * (which types it like a keyboard): ZXH-<household id>-<two check digits, ISO 7064 mod 97-10>.
 */
function check(n: number): string {
  const v = 98 - ((n * 100) % 97);
  return String(v).padStart(2, '0');
}

export function cardCode(householdId: number): string {
  return `ZXH-${householdId}-${check(householdId)}`;
}

/** The household id of a card code (spaces and case forgiven), or null if it is not one. */
export function parseCardCode(text: string): number | null {
  const m = /^ZXH-(\d{1,12})-(\d{2})$/.exec(text.trim().toUpperCase().replace(/\s/g, ''));
  if (!m) return null;
  const id = Number(m[1]);
  return check(id) === m[2] ? id : null;
}
