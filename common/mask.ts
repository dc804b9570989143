/** Masking of personal data, identical on server and web: `610881********1234`, `138****8000`. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length <= 10) return `${id.slice(0, 2)}${'*'.repeat(Math.max(0, id.length - 4))}${id.slice(-2)}`;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Addresses keep the village part and hide house numbers. */
export function maskAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const cut = address.search(/\d/);
  return cut < 0 ? address : `${address.slice(0, cut)}***`;
}

/** A birth date without month and day (`1968-**-**`): with them, a masked ID number is whole again. */
export function maskBirthDate(date: string): string {
  return `${date.slice(0, 4)}-**-**`;
}
