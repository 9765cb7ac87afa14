/** Check-digit algorithms for Japanese identifiers and payment cards. Inputs are ASCII digit strings. */

const d = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** Luhn (mod 10) over the whole number, check digit last. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = d(digits, i);
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** My Number (個人番号) check digit for the first 11 digits: weights 6,5,4,3,2,7,6,5,4,3,2 from the left. */
export function myNumberCheckDigit(base11: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = d(base11, 11 - n);
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}
export function myNumberValid(digits: string): boolean {
  return /^\d{12}$/.test(digits) && myNumberCheckDigit(digits.slice(0, 11)) === d(digits, 11);
}

/** Corporate number (法人番号): 13 digits, the FIRST is the check digit over the 12-digit base. */
export function corporateCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += d(base12, 12 - n) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}
export function corporateNumberValid(digits: string): boolean {
  return /^\d{13}$/.test(digits) && corporateCheckDigit(digits.slice(1)) === d(digits, 0);
}

/**
 * Driver's licence (運転免許証番号) 11th digit: an unofficial modulus-11 rule that some real numbers fail,
 * so it only raises confidence (a soft signal), never rejects.
 */
export function licenceCheckDigitMatches(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  const w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += d(digits, i) * (w[i] as number);
  return (11 - (sum % 11)) % 10 === d(digits, 10);
}
/** 公安委員会 codes of the first two digits (00 = historical conversions). */
const LICENCE_AUTHORITIES = new Set([
  0, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 25, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55,
  60, 61, 62, 63, 64, 65, 70, 71, 72, 73, 74, 80, 81, 82, 83, 90, 91, 92, 93, 94, 95, 96, 97,
]);
export function licenceAuthorityKnown(digits: string): boolean {
  return LICENCE_AUTHORITIES.has(Number(digits.slice(0, 2)));
}

export type CardBrand = "visa" | "mastercard" | "jcb" | "amex" | "diners" | "discover" | "unionpay";
/** Brand by IIN prefix and length, or null when no brand matches. */
export function cardBrand(digits: string): CardBrand | null {
  const len = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (p4 >= 3528 && p4 <= 3589 && len >= 16 && len <= 19) return "jcb";
  if ((p2 === 34 || p2 === 37) && len === 15) return "amex";
  if (digits[0] === "4" && (len === 13 || len === 16 || len === 19)) return "visa";
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && len === 16) return "mastercard";
  if (((p3 >= 300 && p3 <= 305) || p4 === 3095 || p2 === 36 || p2 === 38 || p2 === 39) && (len === 14 || len === 16 || len === 19))
    return "diners";
  if ((p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) && (len === 16 || len === 19)) return "discover";
  if (p2 === 62 && len >= 16 && len <= 19) return "unionpay";
  return null;
}
/** Well-known test numbers (brand documentation), never counted as real cards. */
const TEST_PANS = new Set(["4111111111111111", "4242424242424242", "5555555555554444", "3528000700000000", "378282246310005", "4012888888881881", "3530111333300000", "3566002020360505"]);
export function isTestCard(digits: string): boolean {
  return TEST_PANS.has(digits);
}
