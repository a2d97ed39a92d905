import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { isTag } from 'domhandler';
import { widenToBox } from './box-widening.js';
import type { TextLengths } from './text-lengths.js';

/**
 * What a comment's reply control says, in the languages extraction meets most. "Replying to @x" (a quoted post's
 * header) is not a control: the word must end there.
 */
const REPLY_WORDS =
  'reply respond responder répondre repondre antworten beantworten rispondi reageer reageren odpowiedz svara ' +
  'ответить 回复 回覆 返信 답글';
const REPLY_WORD = new RegExp(`^(?:${REPLY_WORDS.split(' ').join('|')})(?![\\p{L}])`, 'iu');
/** WordPress's reply links carry the comment they answer in the query, whatever the theme prints. */
const REPLY_HREF = /[?&]replytocom=/i;
/** A control's label is a word or three ("Reply", "Reply to Anna"); longer text is a sentence that says "reply". */
const MAX_CONTROL_CHARS = 40;
/** A thread is a list; one or two replies beside a story may be the story's own embedded posts. */
const MIN_ITEMS = 3;
/** The items are the thread's text; a story holding three embedded posts among its paragraphs is not a thread. */
const MIN_ITEM_SHARE = 0.8;
/**
 * A thread is clutter beside a story only where the rest of the page holds a story's worth of text outside links (two
 * sentences); on a page that is nothing else, a forum thread, the thread is what there is to read.
 */
const MIN_REST_CHARS = 250;

function isReplyControl(el: Element, $: CheerioAPI, lengths: TextLengths): boolean {
  if (REPLY_HREF.test(el.attribs.href ?? '')) return true;
  const label = el.attribs['aria-label'] ?? el.attribs.title ?? '';
  if (label && label.length <= MAX_CONTROL_CHARS && REPLY_WORD.test(label.trim())) return true;
  // The measured length first (collapsed, so a space either side over the label): reading the text of every link and
  // button on a deep page would cost its depth each.
  if (lengths.of(el) > MAX_CONTROL_CHARS + 2) return false;
  const text = $(el).text().replace(/\s+/g, ' ').trim();
  return text.length <= MAX_CONTROL_CHARS && REPLY_WORD.test(text);
}

/**
 * Comment threads, found by what every comment carries, whatever the page's class names: a reply control. A thread
 * is the outermost element with three or more children that each hold one and that make up most of its text, widened
 * to its heading. Class words ("comment") find threads too, but only in the main path's pruning, and a page whose
 * classes say nothing (CSS-in-JS) gave its thread, which reads as prose, to the scorer: the story lost to it.
 */
export function commentThreads($: CheerioAPI, lengths: TextLengths): Element[] {
  const root = $('body')[0] ?? $.root()[0];
  const pageProse = lengths.prose(root);
  const leavesStory = (el: Element) => pageProse - lengths.prose(el) >= MIN_REST_CHARS;
  // Every element holding a reply control, each marked once however many controls sit below it.
  const holds = new Set<AnyNode>();
  for (const control of $('a, button, [role=button]').toArray()) {
    if (!isReplyControl(control, $, lengths)) continue;
    for (let n: AnyNode | null = control; n && !holds.has(n); n = n.parent) holds.add(n);
  }
  if (!holds.size) return [];
  const isThread = (el: Element) => {
    const items = el.children.filter((c) => holds.has(c));
    if (items.length < MIN_ITEMS) return false;
    const itemText = items.reduce((sum, c) => sum + (isTag(c) ? lengths.of(c) : 0), 0);
    return itemText >= MIN_ITEM_SHARE * lengths.of(el) && leavesStory(el);
  };
  // Widened to its heading ("15 comments") and sort control, inside the page and leaving the story.
  const widen = (thread: Element) => widenToBox(thread, lengths, (p) => p !== root && leavesStory(p));
  // Top-down through the marked elements only, so a thread's nested replies are not taken again.
  const threads = new Set<Element>();
  const stack: ParentNode[] = [root];
  while (stack.length) {
    const el = stack.pop() as ParentNode;
    if (el !== root && isTag(el) && isThread(el)) {
      threads.add(widen(el));
      continue;
    }
    for (const c of el.children) if (isTag(c) && holds.has(c)) stack.push(c);
  }
  return [...threads];
}
