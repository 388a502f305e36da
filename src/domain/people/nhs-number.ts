/** Strips the spaces and hyphens people type in NHS numbers (943 476 5919, 943-476-5919). */
export function normaliseNhsNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/**
 * True for a 10-digit NHS number whose last digit is the modulus 11 check digit of the first nine
 * (weights 10 down to 2; a remainder giving 10 means the number can never be valid).
 */
export function isValidNhsNumber(text: string): boolean {
  const digits = normaliseNhsNumber(text);
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}
