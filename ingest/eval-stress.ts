import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { NonRetryableError } from '../core/errors.js';
import type { CorpusPage, CorpusReport, Extractor } from './eval-corpus.js';
import { scoreCorpus } from './eval-corpus.js';

/**
 * Generic changes a page's template may make without changing its story: the extraction corpus again, each page
 * changed the same way, to measure how extraction holds up on layouts nobody tuned for. The expected text is
 * unchanged, so every word the change adds that an extractor keeps costs precision.
 */
export interface PageChange {
  name: string;
  description: string;
  apply: (html: string) => string;
}

const SENTENCES = [
  'The company said revenue rose in the third quarter, helped by strong demand in Asia and lower costs.',
  'Analysts expect the central bank to hold rates steady at its next meeting, according to a survey.',
  'Shares of the retailer fell after it cut its outlook, citing weaker consumer spending and higher wages.',
  'The deal, which still needs regulatory approval, would create one of the largest groups in the sector.',
  'Investors are watching inflation data closely, since it could change the path of interest rates this year.',
  'Officials said the new rules would take effect next spring, giving firms time to adjust their systems.',
];
const prose = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => SENTENCES[(from + k) % SENTENCES.length]).join(' ');

const BODY_OPEN = /<body[^>]*>/i;
const BODY_CLOSE = /<\/body>/i;
const atBodyStart = (html: string, add: string) =>
  BODY_OPEN.test(html) ? html.replace(BODY_OPEN, (tag) => tag + add) : add + html;
const atBodyEnd = (html: string, add: string) =>
  BODY_CLOSE.test(html) ? html.replace(BODY_CLOSE, (tag) => add + tag) : html + add;

const CONSENT_BANNER =
  '<div class="x1"><div>We and our partners use cookies and similar technologies to store and access personal ' +
  'data on your device, such as your browsing activity, to show you personalised ads and content, measure ' +
  'performance and improve our services. You can accept or refuse, and change your preferences at any time in ' +
  'the privacy settings. Some partners process data on the basis of legitimate interest, which you can object ' +
  'to.</div><a href="#">Accept all</a> <a href="#">Manage settings</a></div>';

const teaser = (i: number) =>
  `<div><h3><a href="/story-${i}">Story headline number ${i} about markets</a></h3><p>${prose(i, 1)}</p></div>`;
/** `n` blocks made by `block`, one after another. */
const blocks = (n: number, block: (i: number) => string) => Array.from({ length: n }, (_, i) => block(i)).join('');
const TEASER_GRID = `<div class="x2"><h2>More stories</h2>${blocks(12, teaser)}</div>`;

// A card grid as most sites now write one: the link wraps the card's title, and no heading tag marks it.
const card = (i: number) =>
  `<div><a href="/story-${i}"><div>Story headline number ${i} about markets</div></a><div>${prose(i, 1)}</div></div>`;
const CARD_GRID = `<div class="x4">${blocks(12, card)}</div>`;

/**
 * Every class and id word replaced by a meaningless token, as CSS-in-JS sites write them: the same word by the same
 * token, and no class says what it holds.
 */
function hashClassNames(html: string): string {
  const tokens = new Map<string, string>();
  const token = (word: string) => {
    let t = tokens.get(word);
    if (!t) {
      t = `css-${tokens.size.toString(36)}`;
      tokens.set(word, t);
    }
    return t;
  };
  const hashed = (value: string) =>
    value
      .replace(/^["']|["']$/g, '')
      .split(/\s+/)
      .filter(Boolean)
      .map(token);
  return html.replace(
    /\s(class|id)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi,
    (_m, attr, value) => ` ${attr}="${hashed(value).join(' ')}"`,
  );
}

const comment = (i: number) =>
  `<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">reader${i}</b> ` +
  `<time>${i + 1} hours ago</time></footer><div class="comment-content"><p>${prose(i, 2)}</p></div>` +
  '<div class="reply"><a href="#reply">Reply</a></div></article></li>';
const COMMENT_THREAD =
  '<div id="comments" class="comments-area"><h2 class="comments-title">15 thoughts on this story</h2>' +
  `<ol class="comment-list">${blocks(15, comment)}</ol></div>`;
// The same thread where no class or id says "comment": only its reply links mark it.
const COMMENT_THREAD_UNMARKED = hashClassNames(COMMENT_THREAD);

// A newsletter sign-up as news sites set one between a story's paragraphs: a heading, a one-line pitch, a field.
const SIGNUP_BOX =
  '<div class="x5"><div>Get the Morning Briefing</div><div>Sign up to receive the day\'s top business stories in ' +
  'your inbox every weekday morning.</div><form action="/subscribe"><input type="email" name="email">' +
  '<button>Sign up</button></form></div>';
const FIRST_PARAGRAPH_END = /<\/p>/i;
const SUBSCRIPTION_PITCH =
  '<div class="x6"><h3>Subscribe to keep reading</h3><div>Get unlimited access to our journalism, including ' +
  'exclusive analysis, for just $1 a week. Cancel anytime.</div><a href="/subscribe">Subscribe now</a> ' +
  '<a href="/login">Already a subscriber? Sign in</a></div>';
// An inline gallery as news sites set one inside a story: a heading, then slides that each carry a counter, a title
// and a caption that reads as prose. Class names that say nothing: only the counters mark it. The captions' words are
// no story's, so whatever of them an extractor keeps costs it precision.
const slide = (k: number) =>
  `<li class="q2"><div class="q3"><span>${k}/12</span> Gallery picture number ${k}</div><p>Caption ${k}: a ` +
  'trader on the floor in Frankfurt watches the screens, while the index, the bond yields and the euro swing ' +
  'after the central bank meeting.</p></li>';
const SLIDES = blocks(12, (i) => slide(i + 1));
const SLIDESHOW = `<div class="q1"><h2>Markets in pictures</h2><ul class="q4">${SLIDES}</ul></div>`;
// News sites set these between a story's paragraphs; they point away from the story and are not part of it.
const relatedLine = (n: number) =>
  `<p><strong>Related:</strong> <a href="/related-${n}">Shares of the bank rose after its quarterly results beat ` +
  'forecasts</a></p>';
// Between blocks whitespace renders as nothing, so minifiers drop it; between inline elements it is a space and stays.
const CLOSING_BLOCK_THEN_SPACE =
  /(<\/(?:p|div|li|ul|ol|h[1-6]|section|article|header|footer|aside|nav|blockquote|pre|table|tr|td|th|figure)>)\s+/gi;

/**
 * A paragraph's inner HTML with a line break after every eighth word of its text, tags left whole, as fixed-width
 * wire copy and press releases break their lines.
 */
function hardWrapped(inner: string): string {
  let words = 0;
  return inner
    .split(/(<[^>]*>)/)
    .map((part) =>
      part.startsWith('<') ? part : part.replace(/\S+\s+(?=\S)/g, (word) => (++words % 8 ? word : `${word}<br>`)),
    )
    .join('');
}

/**
 * The page with every fourth word of its paragraphs' text (outside existing links) made a link, as wikis and
 * explainers link the terms of their running text. The parser finds the text, so markup inside attributes and
 * scripts is untouched; only those text ranges of the source change.
 */
function termsLinked(html: string): string {
  const $ = cheerio.load(html, {
    xml: { xmlMode: false, decodeEntities: true, withStartIndices: true, withEndIndices: true },
  });
  const texts = $('p')
    .find('*')
    .addBack()
    .contents()
    .toArray()
    .filter(isText)
    .filter((t) => !$(t).closest('a').length && t.startIndex !== null && t.endIndex !== null);
  let words = 0;
  const linked = (raw: string) =>
    raw.replace(/\S+/g, (word) =>
      ++words % 4 || word.includes('&') ? word : `<a href="/wiki/term-${words}">${word}</a>`,
    );
  let out = '';
  let at = 0;
  for (const t of [...new Set(texts)].sort((x, y) => (x.startIndex ?? 0) - (y.startIndex ?? 0))) {
    const start = t.startIndex ?? 0;
    const end = (t.endIndex ?? 0) + 1;
    if (start < at) continue;
    out += html.slice(at, start) + linked(html.slice(start, end));
    at = end;
  }
  return out + html.slice(at);
}

/** Paragraphs a story's container holds directly, in runs of this many, each run wrapped as a section or part. */
const SECTION_PARAGRAPHS = 3;

/** Runs of three paragraphs. */
const inThrees = (count: number) =>
  Array.from({ length: Math.ceil(count / SECTION_PARAGRAPHS) }, (_, i) =>
    Math.min(SECTION_PARAGRAPHS, count - i * SECTION_PARAGRAPHS),
  );

/**
 * Each run of paragraphs that share a parent (of four or more), in runs of the sizes `runs` gives (threes by
 * default), wrapped in `open` ... `close`, with `between` before every run but the first. Spliced into the source by
 * the parser's offsets, so the rest of the page is byte for byte the same.
 */
function wrapParagraphRuns(
  html: string,
  open: string,
  close: string,
  between = '',
  runs: (count: number) => number[] = inThrees,
): string {
  const $ = cheerio.load(html, {
    xml: { xmlMode: false, decodeEntities: true, withStartIndices: true, withEndIndices: true },
  });
  const byParent = new Map<Element, Element[]>();
  for (const p of $('p').toArray()) {
    const parent = p.parent;
    // Only paragraphs the source closes itself: an implied end (`<p>a<p>b`) has no offset to wrap at.
    const closed = p.endIndex !== null && html.slice(p.endIndex - 3, p.endIndex + 1).toLowerCase() === '</p>';
    if (!parent || !isTag(parent) || p.startIndex === null || !closed) continue;
    const run = byParent.get(parent);
    if (run) run.push(p);
    else byParent.set(parent, [p]);
  }
  const cuts: { at: number; tag: string; opens: boolean }[] = [];
  for (const ps of byParent.values()) {
    if (ps.length < 4) continue;
    let i = 0;
    for (const size of runs(ps.length)) {
      const run = ps.slice(i, i + size);
      cuts.push({ at: run[0].startIndex ?? 0, tag: (i ? between : '') + open, opens: true });
      cuts.push({ at: (run[run.length - 1].endIndex ?? 0) + 1, tag: close, opens: false });
      i += size;
    }
  }
  // From the end, so earlier offsets stay valid; at one offset a closing tag goes before an opening one.
  cuts.sort((a, b) => b.at - a.at || (a.opens ? -1 : 1));
  let out = html;
  for (const { at, tag } of cuts) out = out.slice(0, at) + tag + out.slice(at);
  return out;
}

/** Each run of three paragraphs in a `<section>`, as long-form templates set a story's parts, untitled. */
const paragraphsInSections = (html: string) => wrapParagraphRuns(html, '<section>', '</section>');

/**
 * Each run of three paragraphs in three nested `<div>`s whose class names say nothing, with an empty ad slot between
 * runs: a story cut into parts by a news template's components (part, component, content), the paragraphs three
 * levels below the block that holds the story.
 */
const storyInParts = (html: string) =>
  wrapParagraphRuns(
    html,
    '<div class="k7q"><div class="x2f"><div class="m9w">',
    '</div></div></div>',
    '<div class="r4t"><div id="s1"></div></div>',
  );

/** Paragraphs in a story's lead block, set apart from the rest of the story. */
const LEAD_PARAGRAPHS = 2;

/**
 * The first two paragraphs in one `<div>` and the rest in another, an empty ad slot between them: a template that
 * sets the lead above an ad or a photo and the rest of the story below it (class names that say nothing).
 */
const leadApart = (slot: string) => (html: string) =>
  wrapParagraphRuns(html, '<div class="b3v">', '</div>', slot, (count) => [LEAD_PARAGRAPHS, count - LEAD_PARAGRAPHS]);
const leadSetApart = leadApart('<div class="r4t"><div id="s1"></div></div>');
/** The same, with the slot labelled as news templates label theirs: a line that is no word of the story. */
const leadBesideLabelledAd = leadApart('<div class="r4t"><p class="z1">Advertisement</p><div id="s1"></div></div>');

// A photo with its caption and credit, as news sites set one between a story's paragraphs.
const CAPTIONED_PHOTO =
  '<figure><img src="/photo.jpg" alt=""><figcaption>Traders work on the floor of the exchange in New York on ' +
  'Tuesday. Photo: Agency</figcaption></figure>';

/** The page with `block(k)` after its k-th closing `</p>` whenever k is a multiple of `every`. */
function afterEveryNthParagraph(html: string, every: number, block: (k: number) => string): string {
  let k = 0;
  return html.replace(/<\/p>/gi, (tag) => (++k % every ? tag : tag + block(k)));
}

const CLASS_OR_ID = /\s(?:class|id)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;

/**
 * The page with its story's column marked as chrome: the element holding the most `<p>`s of its own gets, in place
 * of its class and id, a class that reads as a sidebar, as some blog themes mark the post column
 * ("theiaStickySidebar"). Only that opening tag changes; the rest of the source is kept byte for byte.
 */
function storyColumnAsSidebar(html: string): string {
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true } });
  const paragraphs = new Map<Element, number>();
  for (const p of $('p').toArray())
    if (p.parent && isTag(p.parent)) paragraphs.set(p.parent, (paragraphs.get(p.parent) ?? 0) + 1);
  let column: Element | null = null;
  for (const [el, n] of paragraphs) if (!column || n > (paragraphs.get(column) ?? 0)) column = el;
  const start = column?.startIndex;
  if (start === null || start === undefined || html[start] !== '<') return html;
  const end = html.indexOf('>', start) + 1;
  const tag = html
    .slice(start, end)
    .replace(CLASS_OR_ID, '')
    .replace(/^<[^\s>/]+/, (name) => `${name} class="sticky-sidebar"`);
  return html.slice(0, start) + tag + html.slice(end);
}

/** A change that adds `block` at the end of the page's body. */
const appended = (name: string, what: string, block: string): PageChange => ({
  name,
  description: `${what} at the end`,
  apply: (h) => atBodyEnd(h, block),
});

export const PAGE_CHANGES: PageChange[] = [
  {
    name: 'paragraphs-as-divs',
    description: 'every <p> written as a <div>',
    apply: (h) => h.replace(/<p(\s|>)/gi, '<div$1').replace(/<\/p>/gi, '</div>'),
  },
  {
    name: 'paragraphs-wrapped',
    description: 'every <p> wrapped in a <div> of its own, as component-built pages write them',
    apply: (h) => h.replace(/<p(\s|>)/gi, '<div><p$1').replace(/<\/p>/gi, '</p></div>'),
  },
  {
    name: 'paragraphs-as-br-lines',
    description: 'paragraph breaks written as <br><br>',
    apply: (h) => h.replace(/<\/p>\s*<p[^>]*>/gi, '<br><br>'),
  },
  {
    name: 'paragraphs-as-hard-wrapped-divs',
    description: 'every <p> written as a <div> whose text breaks its line (<br>) every eight words, as wire copy is',
    apply: (h) =>
      h
        .replace(
          /<p(\s[^>]*)?>([\s\S]*?)<\/p>/gi,
          (_m, attrs, inner: string) => `<div${attrs ?? ''}>${hardWrapped(inner)}</div>`,
        )
        .replace(/<\/?p(\s[^>]*)?>/gi, (tag) => tag.replace(/^<(\/?)p/i, '<$1div')),
  },
  {
    name: 'paragraph-text-in-spans',
    description: "every <p>'s text wrapped in a <span>, as page builders and word processors write it",
    apply: (h) => h.replace(/<p(\s[^>]*)?>/gi, (tag) => `${tag}<span>`).replace(/<\/p>/gi, '</span></p>'),
  },
  {
    name: 'divs-as-custom-elements',
    description: 'every <div> written as a custom element (<x-box>), as pages built of web components are',
    apply: (h) => h.replace(/<div(\s|>)/gi, '<x-box$1').replace(/<\/div>/gi, '</x-box>'),
  },
  {
    name: 'captioned-photos',
    description: 'a captioned photo (<figure>, <figcaption>) after every fourth paragraph, as news stories set them',
    apply: (h) => afterEveryNthParagraph(h, 4, () => CAPTIONED_PHOTO),
  },
  {
    name: 'paragraphs-as-spans',
    description: 'every <p> written as a <span> followed by <br><br>',
    apply: (h) => h.replace(/<p(\s|>)/gi, '<span$1').replace(/<\/p>/gi, '</span><br><br>'),
  },
  {
    name: 'paragraphs-in-sections',
    description: 'every run of three <p>s that share a parent wrapped in a <section>, as long-form templates set parts',
    apply: paragraphsInSections,
  },
  {
    name: 'story-in-parts',
    description:
      'every run of three <p>s in three nested <div>s, an empty ad slot between runs, as news templates cut a story',
    apply: storyInParts,
  },
  {
    name: 'lead-set-apart',
    description: 'the first two of every four or more <p>s in one <div>, the rest in another, an empty ad slot between',
    apply: leadSetApart,
  },
  {
    name: 'lead-beside-labelled-ad',
    description:
      'as lead-set-apart, the ad slot between the parts labelled "Advertisement", as news templates label it',
    apply: leadBesideLabelledAd,
  },
  {
    name: 'terms-linked',
    description: "every fourth word of every <p>'s text a link, as wikis and explainers link their terms",
    apply: termsLinked,
  },
  {
    name: 'minified',
    description: 'the whitespace after every closing block tag removed, as HTML minifiers write pages',
    apply: (h) => h.replace(CLOSING_BLOCK_THEN_SPACE, '$1'),
  },
  {
    name: 'related-links',
    description: 'a "Related:" line linking another story after every third paragraph',
    apply: (h) => afterEveryNthParagraph(h, 3, relatedLine),
  },
  {
    name: 'page-in-a-form',
    description: "the page's body wrapped in a <form>",
    apply: (h) => atBodyEnd(atBodyStart(h, '<form action="/search">'), '</form>'),
  },
  {
    name: 'page-in-a-table',
    description: "the page's body set in one table cell, as table-layout pages are",
    apply: (h) => atBodyEnd(atBodyStart(h, '<table><tr><td>'), '</td></tr></table>'),
  },
  {
    name: 'story-column-as-sidebar',
    description:
      'the element holding most of the paragraphs classed "sticky-sidebar", as some themes mark the post column',
    apply: storyColumnAsSidebar,
  },
  {
    name: 'class-names-hashed',
    description: 'every class and id word replaced by a meaningless token (a word by the same token everywhere)',
    apply: hashClassNames,
  },
  {
    name: 'consent-banner',
    description: 'a consent banner in plain <div>s at the top',
    apply: (h) => atBodyStart(h, CONSENT_BANNER),
  },
  appended('teaser-grid', 'a "More stories" grid of 12 linked headlines with summaries', TEASER_GRID),
  appended(
    'teaser-cards',
    'a grid of 12 cards, each a link around its title (no heading tag) and a summary',
    CARD_GRID,
  ),
  appended('comment-thread', 'a WordPress-style thread of 15 comments', COMMENT_THREAD),
  appended(
    'comment-thread-unmarked',
    'the same thread of 15 comments with class names that say nothing',
    COMMENT_THREAD_UNMARKED,
  ),
  {
    name: 'signup-box',
    description: 'a newsletter sign-up box in plain <div>s after the first paragraph (at the end where none is marked)',
    apply: (h) =>
      FIRST_PARAGRAPH_END.test(h)
        ? h.replace(FIRST_PARAGRAPH_END, (tag) => tag + SIGNUP_BOX)
        : atBodyEnd(h, SIGNUP_BOX),
  },
  {
    name: 'slideshow',
    description:
      'an inline gallery of 12 slides, each with a "k/12" counter, a title and a caption, after the third paragraph',
    apply: (h) => afterEveryNthParagraph(h, 3, (k) => (k === 3 ? SLIDESHOW : '')),
  },
  {
    name: 'subscription-pitch',
    description: 'a subscription pitch in plain <div>s (heading, offer, two links) after the third paragraph',
    apply: (h) => afterEveryNthParagraph(h, 3, (k) => (k === 3 ? SUBSCRIPTION_PITCH : '')),
  },
];

/**
 * The changes named in a comma-separated list, in the list's order, or all of them without one. Names joined by "+"
 * are one change that applies each in turn ("story-in-parts+slideshow"): a template is rarely new in one way only.
 * An unknown name is refused with the known ones, before any page is scored.
 */
export function pageChanges(names?: string): PageChange[] {
  if (names === undefined) return PAGE_CHANGES;
  const wanted = [...new Set(names.split(',').map((n) => n.trim()))];
  const known = (n: string) => PAGE_CHANGES.find((c) => c.name === n);
  const unknown = wanted.flatMap((n) => n.split('+')).filter((n) => !known(n));
  if (!wanted.length || unknown.length)
    throw new NonRetryableError(
      `unknown --stress change ${unknown.join(', ') || '(none)'}; use ${PAGE_CHANGES.map((c) => c.name).join(', ')}`,
    );
  return wanted.map((name) => {
    const steps = name.split('+').map((n) => known(n) as PageChange);
    if (steps.length === 1) return steps[0];
    const description = steps.map((c) => c.description).join(', then ');
    return { name, description, apply: (html: string) => steps.reduce((h, c) => c.apply(h), html) };
  });
}

export interface StressReport {
  change: string;
  description: string;
  extractor: string;
  f1: number;
  zeroF1: number;
  empty: number;
  /** Pages whose F1 fell by more than 0.1 against the unchanged page. */
  fell: number;
}

/** Every change (by default all) applied to every page, scored for each extractor against its own unchanged figures. */
export async function stressCorpus(
  pages: CorpusPage[],
  extractors: { name: string; extract: Extractor; unchanged: CorpusReport }[],
  changes: PageChange[] = PAGE_CHANGES,
): Promise<StressReport[]> {
  const out: StressReport[] = [];
  for (const change of changes) {
    const changed = pages.map((p) => ({ ...p, html: change.apply(p.html) }));
    for (const { name, extract, unchanged } of extractors) {
      const before = new Map(unchanged.perPage.map((p) => [p.page, p.f1]));
      const r = await scoreCorpus(name, extract, changed);
      out.push({
        change: change.name,
        description: change.description,
        extractor: name,
        f1: r.f1,
        zeroF1: r.zeroF1,
        empty: r.empty,
        fell: r.perPage.filter((p) => p.f1 < (before.get(p.page) ?? 0) - 0.1).length,
      });
    }
  }
  return out;
}
