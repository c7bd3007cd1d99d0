import { describe, expect, it } from 'vitest';
import { DEMO_ESTABLISHMENTS, isValidUai, uaiCheckLetter, uaiOf } from '../../src/seed/index.js';

describe('uaiCheckLetter', () => {
  it('matches real UAIs', () => {
    // Lycée Louis-le-Grand and Lycée Henri-IV (Paris), as the ministry publishes them.
    expect(uaiCheckLetter('0750655')).toBe('E');
    expect(uaiCheckLetter('0750654')).toBe('D');
  });

  it('indexes the 23-letter alphabet by the number modulo 23', () => {
    expect(uaiCheckLetter('0000000')).toBe('A');
    expect(uaiCheckLetter('0000008')).toBe('J'); // I is skipped
    expect(uaiCheckLetter('0000012')).toBe('N');
    expect(uaiCheckLetter('0000013')).toBe('P'); // O is skipped
    expect(uaiCheckLetter('0000014')).toBe('R'); // Q is skipped
    expect(uaiCheckLetter('0000022')).toBe('Z');
    expect(uaiCheckLetter('0000023')).toBe('A');
  });

  it('refuses anything but seven digits', () => {
    expect(() => uaiCheckLetter('092100')).toThrow();
    expect(() => uaiCheckLetter('09210000')).toThrow();
    expect(() => uaiCheckLetter('092100A')).toThrow();
  });

  it('builds and validates whole UAIs', () => {
    expect(uaiOf('0750655')).toBe('0750655E');
    expect(isValidUai('0750655E')).toBe(true);
    expect(isValidUai('0750655F')).toBe(false);
    expect(isValidUai('750655E')).toBe(false);
  });

  it('gives the demo establishments valid Hauts-de-Seine UAIs', () => {
    for (const { uai } of DEMO_ESTABLISHMENTS) {
      expect(uai).toMatch(/^092[0-9]{4}[A-Z]$/);
      expect(isValidUai(uai)).toBe(true);
    }
  });
});
