import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  cardBrand,
  corporateCheckDigit,
  corporateNumberValid,
  licenceCheckDigitMatches,
  luhnValid,
  myNumberCheckDigit,
  myNumberValid,
} from "./checkdigits.js";

describe("My Number", () => {
  test("published vector 123456789018 is valid, ...019 is not", () => {
    assert.equal(myNumberValid("123456789018"), true);
    assert.equal(myNumberValid("123456789019"), false);
  });
  test("check digit is 0 when the remainder is 0 or 1", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), (base) => {
        const cd = myNumberCheckDigit(base);
        assert.ok(cd >= 0 && cd <= 9);
        assert.equal(myNumberValid(base + cd), true);
        assert.equal(myNumberValid(base + ((cd + 1) % 10)), false);
      }),
    );
  });
  test("wrong length", () => assert.equal(myNumberValid("12345678901"), false));
});

describe("corporate number", () => {
  test("published vectors", () => {
    assert.equal(corporateNumberValid("7123456789012"), true);
    assert.equal(corporateNumberValid("4011001098993"), true);
    assert.equal(corporateNumberValid("5011001098993"), false);
    assert.equal(corporateCheckDigit("123456789012"), 7);
  });
});

describe("Luhn and brands", () => {
  test("valid numbers", () => {
    assert.equal(luhnValid("4111111111111111"), true);
    assert.equal(luhnValid("3530111333300000"), true);
    assert.equal(luhnValid("4111111111111112"), false);
  });
  test("brands incl. JCB 3528–3589", () => {
    assert.equal(cardBrand("3530111333300000"), "jcb");
    assert.equal(cardBrand("3589000000000000"), "jcb");
    assert.equal(cardBrand("3590000000000000"), null);
    assert.equal(cardBrand("4111111111111111"), "visa");
    assert.equal(cardBrand("5555555555554444"), "mastercard");
    assert.equal(cardBrand("2221000000000009"), "mastercard");
    assert.equal(cardBrand("378282246310005"), "amex");
    assert.equal(cardBrand("30569309025904"), "diners");
    assert.equal(cardBrand("6011111111111117"), "discover");
    assert.equal(cardBrand("6212345678901265"), "unionpay");
  });
  test("a single-digit change breaks Luhn", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{15}$/), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 9 }), (base, pos, delta) => {
        let cd = 0;
        for (; cd < 10; cd++) if (luhnValid(base + cd)) break;
        const n = base + cd;
        const changed = n.slice(0, pos) + ((Number(n[pos]) + delta) % 10) + n.slice(pos + 1);
        assert.equal(luhnValid(changed), false);
      }),
    );
  });
});

describe("driver's licence (soft signal)", () => {
  test("the published example passes", () => assert.equal(licenceCheckDigitMatches("309012345620"), true));
  test("another published example does not (hence soft)", () => assert.equal(licenceCheckDigitMatches("309212345610"), false));
});
