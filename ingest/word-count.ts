/** Characters of scripts written without spaces between words; each is counted as a word. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HAS_UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Words of a text as a reader would count them: runs between whitespace, and in Chinese and Japanese, which put no
 * space between words, each character (a word there is one to two characters). Counting only whitespace made a
 * Chinese story of 2,000 characters a few dozen "words", shorter than an English caption beside it.
 */
export function countWords(text: string): number {
  // Most text holds no such character: one test then spares a match per word (this runs on every text node).
  if (!HAS_UNSPACED.test(text)) return text.split(/\s+/).filter(Boolean).length;
  let n = 0;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    const rest = token.replace(UNSPACED, '');
    // UTF-16 units: a character outside the Basic Multilingual Plane (rare ideographs) counts twice.
    const unspaced = token.length - rest.length;
    // Beside such characters, the rest of the token is a word only if it holds one ("DeepMind表示"), not for "。".
    n += unspaced ? unspaced + (LETTER_OR_DIGIT.test(rest) ? 1 : 0) : 1;
  }
  return n;
}
