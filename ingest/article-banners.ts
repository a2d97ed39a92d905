import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { hasChildren, isTag, isText } from 'domhandler';
import { parentElement } from './dom-ancestors.js';
import type { TextLengths } from './text-lengths.js';

// Consent and privacy banners are formulaic in every language of the GDPR era; their vocabulary, not their
// class name, gives them away. A paragraph using three or more of these terms is a banner, not the story.
const CONSENT_TERMS = [
  /\bcookies?\b/i,
  /\bconsent\b/i,
  /\bpersonal (data|information)\b/i,
  /\bprivacy (policy|notice|settings|statement)\b/i,
  /\bpartners\b/i,
  /\b(preferences|settings)\b/i,
  /\b(accept|refuse|reject|opt[- ]out)\b/i,
  /\b(personalised|personalized) (ads|advertising|content)\b/i,
];
export const looksLikeConsent = (text: string) => CONSENT_TERMS.filter((t) => t.test(text)).length >= 3;

const CONSENT_WORD = /\b(cookies?|consent)\b/i;
/** Past this many characters a block is more than a banner (an article about privacy, a policy page). */
const MAX_BANNER_CHARS = 3000;
/** Text a banner adds around its notice: buttons, a heading. */
const BANNER_EXTRAS = 200;

/**
 * Consent banners, found from the text that names cookies or consent: the smallest block around it that reads as a
 * banner, widened to its buttons and heading (parents that add little text). A banner's prose scores like a
 * story's, and on a short page it wins, in the main path and in Readability alike.
 */
export function consentBanners($: CheerioAPI, lengths: TextLengths): Element[] {
  const root = $('body')[0] ?? $.root()[0];
  const hits = new Set<Element>();
  const walk = (node: AnyNode) => {
    if (isText(node)) {
      if (node.parent && isTag(node.parent) && CONSENT_WORD.test(node.data)) hits.add(node.parent);
      return;
    }
    if (hasChildren(node)) for (const c of node.children) walk(c);
  };
  walk(root);
  const banners = new Set<Element>();
  const inside = (el: Element | null): el is Element => !!el && el !== root && isTag(el);
  for (const hit of hits) {
    let banner: Element | null = hit;
    while (inside(banner) && lengths.of(banner) <= MAX_BANNER_CHARS && !looksLikeConsent($(banner).text()))
      banner = parentElement(banner);
    if (!inside(banner) || lengths.of(banner) > MAX_BANNER_CHARS) continue;
    const own = lengths.of(banner);
    for (let p = parentElement(banner); inside(p) && lengths.of(p) <= own + BANNER_EXTRAS; p = parentElement(p))
      banner = p;
    banners.add(banner);
  }
  return [...banners];
}
