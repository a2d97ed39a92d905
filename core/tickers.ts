/**
 * What a ticker filter may be, in the CLI and the API alike: letters, dots and dashes (BRK.B, BF-B), up to 10. An
 * empty value is refused rather than read as "no filter", which would answer for every ticker.
 */
export const TICKER_SYMBOL = /^[A-Za-z.-]{1,10}$/;
