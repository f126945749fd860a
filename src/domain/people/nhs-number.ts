// NHS numbers: ten digits, the last a modulus 11 check digit, so most typing slips (one wrong digit, two digits
// swapped) are caught before a wrong number is stored against someone's record.

/** The digits of what was typed, with the spaces and hyphens people write numbers with taken out. */
export function nhsNumberDigits(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

/** The check digit for the first nine digits, or undefined when no check digit can be valid (a remainder of 1). */
export function nhsCheckDigit(firstNine: string): number | undefined {
  let sum = 0;
  for (let index = 0; index < 9; index += 1) sum += Number(firstNine[index]) * (10 - index);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

export type NhsNumberCheck = { ok: true; nhsNumber: string } | { ok: false; problem: 'not-ten-digits' | 'check-digit' };

/** Checks a typed NHS number; on success gives the ten digits to store. */
export function checkNhsNumber(typed: string): NhsNumberCheck {
  const digits = nhsNumberDigits(typed);
  if (!/^\d{10}$/.test(digits)) return { ok: false, problem: 'not-ten-digits' };
  const check = nhsCheckDigit(digits.slice(0, 9));
  if (check === undefined || check !== Number(digits[9])) return { ok: false, problem: 'check-digit' };
  return { ok: true, nhsNumber: digits };
}

/** Shown in the 3-3-4 groups printed on NHS letters and cards, which is how people recognise it. */
export function formatNhsNumber(nhsNumber: string): string {
  return /^\d{10}$/.test(nhsNumber) ? `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}` : nhsNumber;
}
