import { expect } from 'chai';
import { extractArticle } from '../../ingest/article.js';
import * as cheerio from 'cheerio';
import { extractBodyParagraphs } from '../../ingest/article-body.js';
import { blockParagraphs, readabilityArticle } from '../../ingest/article-fallback.js';
import { otherStories } from '../../ingest/article-other-stories.js';
import { TextLengths } from '../../ingest/text-lengths.js';

/** A story of `n` distinct sentences, so overlap with the extracted body is measurable. */
const story = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Sentence ${i} of the story says revenue grew ${i + 3} percent while costs, margins and cash flow held.`,
  );
const page = (body: string) => `<html><head><title>Quarterly results</title></head><body>${body}</body></html>`;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

function expectStory(html: string, sentences: string[]): string {
  const { body } = extractArticle(html);
  for (const s of [sentences[0], sentences[sentences.length - 1]]) expect(body).to.contain(s);
  return body;
}

describe('ingest/article robustness (failure groups from a held-out benchmark, as synthetic pages)', () => {
  describe('the story is not pruned by a class word on its own container', () => {
    const s = story(12);
    const paras = s.map((x) => `<p>${x}</p>`).join('');
    it('keeps a page wrapper whose class contains "ad"', () => {
      expectStory(page(`<div class="Page-ad-margins"><div class="story">${paras}</div></div>`), s);
    });
    it('keeps a post container whose class contains "sidebar"', () => {
      const html = page(`<div class="penci_sidebar theiaStickySidebar"><article>${paras}</article></div>
        <div class="sidebar"><a href="/a">Most read</a></div>`);
      expectStory(html, s);
    });
    it('keeps a post container marked "sidebar" on a page whose menus outweigh the story', () => {
      // The story holds about a third of the page's text, so "never half of the page" does not protect it, and a
      // long bio below it reads as a story in its place.
      const menu = Array.from({ length: 60 }, (_, i) => `<li><a href="/section-${i}">Section number ${i}</a></li>`);
      const bio = story(9).map((x) => x.replace('of the story', 'of the biography'));
      const html = page(`<div class="theiaStickySidebar"><div>${paras}</div></div>
        <div class="x1"><p>${bio.join(' ')}</p></div><ul>${menu.join('')}</ul>`);
      expectStory(html, s);
    });
    describe('keeps a part of a story cut into sibling blocks when the part is classed as a sidebar', () => {
      // Paragraphs of three sentences score as real ones do (a short one scores under the join floor of 10).
      const sentences = story(45);
      const long = Array.from({ length: 15 }, (_, i) => sentences.slice(3 * i, 3 * i + 3).join(' '));
      const split = (sizes: number[]) => {
        const ends = sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));
        const parts = ends.map((end, i) =>
          long
            .slice(i ? ends[i - 1] : 0, end)
            .map((x) => `<p>${x}</p>`)
            .join(''),
        );
        return page(`<div class="post"><div class="part">${parts[0]}</div>
          <div class="theiaStickySidebar">${parts[1]}</div><div class="part">${parts[2]}</div></div>`);
      };
      it("where the parts' parent is the best container and the part holds under half its score", () => {
        expect(extractArticle(split([5, 3, 7])).body.split('\n\n')).to.deep.equal(long);
      });
      it('where the part stands beside the best-scoring part', () => {
        expect(extractArticle(split([9, 4, 2])).body.split('\n\n')).to.deep.equal(long);
      });
      it('where the main path reads that part alone and the fallback, which would prune it by its class, runs', () => {
        // Sibling parts, each three wrappers deep, the first classed as a sidebar: the main path reads the first
        // alone (too little of the page, so the fallback runs), and Readability strips a "sidebar" before scoring.
        const lead = long.slice(0, 4);
        const rest = [long.slice(4, 7), long.slice(7, 10), long.slice(10, 13), long.slice(13, 15)];
        const part = (cls: string, inner: string, xs: string[]) =>
          `<div class="${cls}"><div class="component"><div class="${inner}">` +
          `${xs.map((x) => `<p>${x}</p>`).join('')}</div></div></div>`;
        const parts = [
          part('body-text first', 'theiaStickySidebar', lead),
          ...rest.map((xs) => part('body-text', 'c', xs)),
        ];
        const menu = Array.from({ length: 40 }, (_, i) => `<li><a href="/s${i}">Section ${i}</a></li>`).join('');
        const html = page(`<ul>${menu}</ul><article>${parts.join('<div class="mpu"></div>')}</article>`);
        expect(extractArticle(html).body.split('\n\n')).to.deep.equal(long);
      });
    });
    it('keeps a story that sits inside a <form>', () => {
      expectStory(page(`<form action="/x"><div id="content">${paras}</div><input name="q"></form>`), s);
    });
  });

  describe('what a reader cannot see is not body text', () => {
    const s = story(10);
    it('drops display:none, visibility:hidden and aria-hidden="true" blocks but keeps visible styled ones', () => {
      const hidden = [
        '<p style="display: none;">HIDDEN-ONE subscribe now for full access today.</p>',
        '<p style="color:red; visibility:hidden !important">HIDDEN-TWO share this story with friends.</p>',
        '<div aria-hidden="true">HIDDEN-THREE advertisement slot text block.</div>',
      ].join('');
      const visible = '<p style="display:block">VISIBLE styled paragraph stays in the story body.</p>';
      const body = expectStory(
        page(`<article>${s.map((x) => `<p>${x}</p>`).join('')}${hidden}${visible}</article>`),
        s,
      );
      expect(body).to.not.match(/HIDDEN-/);
      expect(body).to.contain('VISIBLE styled paragraph');
    });
    it('keeps a story that a page saved with a dialog open marks aria-hidden as a whole', () => {
      const dialog = '<div role="dialog"><p>We value your privacy. Accept all cookies?</p></div>';
      const story = s.map((x) => `<p>${x}</p>`).join('');
      expectStory(page(`<div id="page" aria-hidden="true"><article>${story}</article></div>${dialog}`), s);
    });
  });

  describe('text blocks are found whatever their tag', () => {
    const s = story(10);
    it('reads <br>-separated lines in a <section>', () => {
      expectStory(page(`<section>${s.join('<br><br>')}</section>`), s);
    });
    it('reads paragraphs written as <div>s', () => {
      expectStory(
        page(`<div class="zn-body">${s.map((x) => `<div class="zn-body__paragraph">${x}</div>`).join('')}</div>`),
        s,
      );
    });
    it('reads a story in <div>s cut into parts whose class names say nothing, every part, not the first', () => {
      // Nothing is a <p>: the main path scores nothing and the fallback (Readability's algorithm) keeps the best part.
      const long = story(15);
      const part = (lines: string[]) =>
        `<div class="q1"><div class="q2"><div class="q3">${lines.map((x) => `<div>${x}</div>`).join('')}</div>` +
        '</div></div><figure class="q4"><figcaption>A photo between the parts</figcaption></figure>';
      const parts = [long.slice(0, 7), long.slice(7, 9), long.slice(9, 11), long.slice(11, 13), long.slice(13)];
      const html = page(`<article>${parts.map(part).join('')}</article><div class="q5">More stories</div>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(long);
    });
    it('reads paragraphs written as <span>s', () => {
      expectStory(page(`<div>${s.map((x) => `<span>${x}</span><br>`).join('')}</div>`), s);
    });
    it('reads a page laid out in table cells, where a cell that holds blocks is layout, not a paragraph', () => {
      const about =
        '<div>About this site: written by volunteers, edited weekly, and funded by readers, since 2001.</div>';
      const menu = '<ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li></ul>';
      const html = page(
        `<table><tr><td>${menu}${about}</td><td><div>${s.map((x) => `<p>${x}</p>`).join('')}</div></td></tr></table>`,
      );
      expect(expectStory(html, s)).not.to.contain('About this site');
    });
    it('keeps each block a paragraph of its own on a page written without whitespace between its tags', () => {
      // Minified markup: where the second strategy (Readability) reads the page, its text glued "held.Sentence".
      const divs = page(`<div>${s.map((x) => `<div>${x}</div>`).join('')}</div>`);
      const lines = page(`<section><div>${s.join('<br><br>')}</div></section>`);
      for (const html of [divs, lines]) expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s);
    });
    it('keeps a paragraph whose lines one <br> breaks, as wire copy does, whole; two <br>s end a paragraph', () => {
      // Each paragraph's first line ends mid-sentence: read as a paragraph of its own, it was dropped as not prose.
      const wrapped = s.map((x) => x.replace(' revenue ', ' revenue<br>\n'));
      const html = page(`<div>${wrapped.map((x) => `<div>${x}</div>`).join('')}</div>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s);
      const lines = page(`<section><div>${wrapped.join('<br>\n<br>')}</div></section>`);
      expect(extractArticle(lines).body.split('\n\n')).to.deep.equal(s);
    });
    it("drops a 'Related:' line between the paragraphs, on the main path and the fallback alike", () => {
      const related =
        '<p><strong>Related:</strong> <a href="/other">Bank shares rise after results beat forecasts</a></p>';
      const notes = ['<li><a href="/bug/1">Bug 1: the video window is lost on a switch of source</a></li>'];
      const html = page(`<article>${s.map((x, i) => `<p>${x}</p>${i === 4 ? related : ''}`).join('')}
        <ul>${notes.join('')}</ul></article>`);
      expect(expectStory(html, s)).not.to.contain('Related');
      const fallback = readabilityArticle(html)?.paragraphs ?? [];
      expect(fallback).to.include(s[0]);
      expect(fallback.join(' ')).not.to.contain('Related');
      // A list of links is a list's content (a release note's fixed bugs), as in the main path's list items.
      expect(fallback.join(' ')).to.contain('Bug 1');
    });
    it('reads a story whose paragraphs sit in custom elements in the fallback as it reads <div>s', () => {
      // Two sections under subheadings, each paragraph in a web component, as some page builders write them.
      const html = (tag: string) => {
        const ps = (xs: string[]) => xs.map((x) => `<${tag}><p>${x}</p></${tag}>`).join('');
        return page(`<article><h1>Results</h1><div>${ps(s.slice(0, 3))}</div><h2>Outlook</h2>
          <div>${ps(s.slice(3, 5))}</div></article>`);
      };
      const asDivs = readabilityArticle(html('div'))?.paragraphs;
      expect(asDivs).to.include.members(s.slice(0, 5));
      expect(readabilityArticle(html('rich-text'))?.paragraphs).to.deep.equal(asDivs);
    });
    it('reads a story whose paragraphs are custom elements of text alone, on either path, as it reads <div>s', () => {
      // Each paragraph a web component holding only its text (`<x-para>`), in a custom wrapper, beside a menu: no
      // HTML block marks a paragraph, so only where they stand (siblings, no sentence around them) says so.
      const menu = `<ul>${[1, 2, 3, 4].map((i) => `<li><a href="/s${i}">Section ${i}</a></li>`).join('')}</ul>`;
      const html = (tag: string, wrapper: string) =>
        page(
          `<div class="nav">${menu}</div><${wrapper}>${s.map((x) => `<${tag}>${x}</${tag}>`).join('')}</${wrapper}>`,
        );
      const asDivs = extractArticle(html('div', 'div')).body;
      expect(asDivs.split('\n\n')).to.deep.equal(s);
      expect(extractArticle(html('x-para', 'story-body')).body).to.equal(asDivs);
      expect(readabilityArticle(html('x-para', 'story-body'))?.paragraphs).to.deep.equal(
        readabilityArticle(html('div', 'div'))?.paragraphs,
      );
    });
    it('keeps a custom element within its sentence on the main path too', () => {
      const html = page(
        `<article>${s.map((x) => `<p>Posted <relative-time>3 days</relative-time> ago. ${x}</p>`).join('')}</article>`,
      );
      expect(extractArticle(html).body.split('\n\n')[0]).to.equal(`Posted 3 days ago. ${s[0]}`);
    });
    it("leaves a photo's caption and credit out in the fallback, as the main path does", () => {
      const photo = '<figure><img src="/p.jpg"><figcaption>Traders on the floor. Photo: Agency</figcaption></figure>';
      const html = page(`<article>${s.map((x, i) => `<p>${x}</p>${i === 3 ? photo : ''}`).join('')}</article>`);
      expect(readabilityArticle(html)?.paragraphs).to.deep.equal(s);
      expect(expectStory(html, s)).not.to.contain('Agency');
    });
    it('keeps a custom element of text alone within its sentence in the fallback', () => {
      const html = page(
        `<article>${s.map((x) => `<p>Posted <relative-time>3 days</relative-time> ago. ${x}</p>`).join('')}</article>`,
      );
      expect(readabilityArticle(html)?.paragraphs[0]).to.equal(`Posted 3 days ago. ${s[0]}`);
    });
    it("keeps the cells of a table inside a paragraph's element apart on such a page", () => {
      const table = '<table><tr><td>Anna Berg</td><td>455499</td><td>88.1%</td></tr></table>';
      const html = page(`<article>${s.map((x) => `<p>${x}</p>`).join('')}<blockquote>${table}</blockquote></article>`);
      expect(expectStory(html, s)).to.contain('Anna Berg 455499 88.1%');
    });
  });

  describe('the main path reads text the page leaves unmarked', () => {
    const s = story(12);
    const marked = (from: number, to: number) =>
      s
        .slice(from, to)
        .map((x) => `<p>${x}</p>`)
        .join('');
    it('keeps a paragraph written as bare text and links between marked paragraphs', () => {
      const bare = 'UNMARKED the board said the <a href="/d">dividend</a> would rise, and analysts agreed.';
      const html = page(
        `<article>${marked(0, 6)}<div class="photo"><img src="x.jpg"></div>${bare}${marked(6, 12)}</article>`,
      );
      expect(extractArticle(html).body).to.contain('UNMARKED the board said the dividend would rise');
    });
    it('reads the paragraphs a story writes as <div>s or <br> lines beside its marked ones', () => {
      const divs = s
        .slice(8, 11)
        .map((x) => `<div class="para">${x}</div>`)
        .join('');
      const body = expectStory(
        page(`<article>${marked(0, 8)}${divs}<div>${s[11]}<br>LINE two of it ends here.</div></article>`),
        s,
      );
      expect(body).to.contain(s[9]);
      expect(body).to.contain('LINE two of it ends here.');
    });
    it('does not take teaser headlines, credits or labels set in <div>s beside the story', () => {
      const teasers = ['Apple has an iPhone problem', 'Photo: Reuters / Staff photographer', 'Sponsored by Acme Bank']
        .map((t) => `<div class="tile">${t}</div>`)
        .join('');
      const body = expectStory(page(`<article>${marked(0, 12)}<div>${teasers}</div></article>`), s);
      expect(body).to.not.match(/iPhone problem|Staff photographer|Sponsored by/);
    });
    it('keeps the words on either side of a <br> apart', () => {
      const html = page(
        `<article>${marked(0, 12)}<p>Net income fell<br>while revenue rose, the filing said.</p></article>`,
      );
      expect(extractArticle(html).body).to.contain('Net income fell while revenue rose');
    });
  });

  describe('boilerplate does not win over the article', () => {
    const s = story(14);
    const article = `<div class="body">${s.map((x) => `<p>${x}</p>`).join('')}</div>`;
    const consent =
      '<div class="consent"><p>We and our partners use cookies, and similar technologies, ' +
      'to store, access and process ' +
      'personal data such as your visit on this website, IP addresses and cookie identifiers, for the purposes of ' +
      'personalised advertising, measurement and the improvement of our services, as described in our notice.</p>' +
      '<p>You can accept, refuse or change your settings, at any time, ' +
      'by clicking on the preferences link below.</p></div>';
    it('prefers the article to a privacy-consent banner', () => {
      const body = expectStory(page(consent + article), s);
      expect(body).not.to.contain('cookie identifiers');
    });
    it('prefers the article to a promo and a category menu', () => {
      const items = ['Markets', 'Tech', 'Politics', 'Opinion', 'Video'].map((c) => `<li><a href="/${c}">${c}</a></li>`);
      const menu = `<ul>${items.join('')}</ul>`;
      const promo =
        '<div class="promo"><p>Now on YouTube: watch our new weekly show, ' +
        'with interviews, analysis, charts and more.</p></div>';
      const body = expectStory(page(menu + promo + article), s);
      expect(words(body)).to.be.lessThan(words(s.join(' ')) + 20);
    });
    // A page of <div> paragraphs goes to the fallback (Readability), which reads the breadcrumb trail above the
    // headline into the story's container.
    const crumbs =
      '<nav id="crumb"><a href="/">Home</a><em class="d"></em><a href="/news">Latest News</a><em class="d"></em>' +
      '<span class="current">Acme beats estimates on strong sales</span></nav>';
    const divs = (xs: string[]) => xs.map((x) => `<div>${x}</div>`).join('');
    it('leaves a breadcrumb trail out of a story read by the fallback', () => {
      const html = page(`<div class="post">${crumbs}<h1>Acme beats estimates</h1><div>${divs(s)}</div></div>`);
      const body = expectStory(html, s);
      expect(body).not.to.contain('Latest News');
      expect(body.split('\n\n').slice(-s.length)).to.deep.equal(s);
    });
    it("keeps the text of a <nav> in the fallback's article where the rest holds less than half of it", () => {
      // A broken page that sets its story inside its <nav>: leaving the nav out would leave nothing.
      const inNav = `<div><nav>${s.map((x) => `<p>${x}</p>`).join('')}</nav><p>${s[0]}</p></div>`;
      expect(blockParagraphs(inNav)).to.deep.equal([...s, s[0]]);
      expect(blockParagraphs(`<div>${crumbs}<p>${s[0]}</p><p>${s[1]}</p></div>`)).to.deep.equal(s.slice(0, 2));
    });
  });

  describe('on a short story, blocks that read like prose but are not the story do not win', () => {
    // A brief of three sentences: shorter than a consent banner's notice or a teaser grid's summaries together.
    const s = story(3);
    const brief = `<div class="x9">${s.map((x) => `<p>${x}</p>`).join('')}</div>`;
    const summary = (i: number) =>
      `Summary ${i} tells how the regulator, the company and its lenders agreed on a plan after months of talks.`;
    const teaser = (i: number) =>
      `<div><h3><a href="/story-${i}">Headline ${i} about markets</a></h3><p>${summary(i)}</p></div>`;
    const grid = `<div class="x7"><h2>More stories</h2>${[1, 2, 3, 4, 5, 6, 7, 8].map(teaser).join('')}</div>`;
    it('reads the story, not the summaries of a teaser list beside it, whatever its class names', () => {
      const body = expectStory(page(brief + grid), s);
      expect(body).not.to.contain('Summary');
    });
    it('reads the story, not a consent banner set in plain <div>s, even where the fallback strategy runs', () => {
      const banner =
        '<div class="x1"><div>We and our partners use cookies and similar technologies to store and access personal ' +
        'data on your device, such as your browsing activity, to show you personalised ads and content, measure ' +
        'performance and improve our services. You can accept or refuse, and change your preferences at any time ' +
        'in the privacy settings.</div><a href="#">Accept all</a> <a href="#">Manage settings</a></div>';
      const body = expectStory(page(banner + brief), s);
      expect(body).not.to.contain('cookies');
    });
    it('reads the story, not a grid of cards whose links wrap their titles without a heading tag', () => {
      const card = (i: number) => `<article><a href="/story-${i}"><div>Headline ${i} about the markets today</div></a>
        <div>${summary(i)}</div></article>`;
      const body = expectStory(page(brief + `<div>${[1, 2, 3, 4, 5, 6, 7, 8].map(card).join('')}</div>`), s);
      expect(body).not.to.contain('Summary');
    });
    it('drops a related-posts list inside the story whose items carry a long excerpt, a date and a category', () => {
      // As blog plugins write them: a thumbnail link, a linked title, an excerpt of about fifty words, then labels.
      const excerpt = (i: number) =>
        `Excerpt ${i}: ${summary(i)} ${summary(i + 1)} The board met twice before the vote, and the ` +
        'shareholders who spoke at the meeting asked for a clearer timetable and for more detail on the costs.';
      const related = (i: number) =>
        `<div><a href="/post-${i}"><img src="/t${i}.jpg" alt=""></a><h4><a href="/post-${i}">Related post ${i} ` +
        `about the company</a></h4><p>${excerpt(i)}</p><p>March ${i + 10}, 2016</p><p>In "News"</p></div>`;
      const list = `<div><h3>Related</h3><div>${[1, 2, 3].map(related).join('')}</div></div>`;
      expect(excerpt(1).length).to.be.above(300);
      const body = expectStory(page(`<article>${brief}${list}</article>`), s);
      expect(body).not.to.contain('Excerpt');
    });
    it('keeps items and rows that merely hold a link: a trailing "learn more", a linked name in a cell', () => {
      const feature = (i: number) =>
        `<li><h3>Feature ${i}</h3><p>${s[i]}</p><a href="/feature-${i}">Learn more about feature number ${i}</a></li>`;
      const row = (i: number) =>
        `<tr><td><a href="/film-${i}">The film called number ${i}</a></td><td>${s[i]}</td></tr>`;
      expectStory(page(`<article><ul>${[0, 1, 2].map(feature).join('')}</ul></article>`), s);
      expectStory(page(`<article><table>${[0, 1, 2].map(row).join('')}</table></article>`), s);
    });
    it('reads a story cut into deep parts, not a box of blurbs that outscores each part, holding a minor share', () => {
      // Parts three wrappers deep score their container a ninth of their points; the box's blurbs (a comment badge
      // legend) sit one level under it. The story holds most of the page's paragraph points, the box under a fifth.
      const long = story(45);
      const part = (lines: string[]) =>
        `<div class="x4"><div class="x5"><div class="x6">${lines.map((x) => `<p>${x}</p>`).join('')}</div></div>` +
        '</div><div class="x8"></div>';
      const blurb = (i: number) =>
        `<div><b>Badge ${i}</b><p>Holders of badge ${i}, readers and writers alike, post smart, timely, ` +
        'well-sourced comments, questions and facts.</p></div>';
      const parts = [...Array(15).keys()].map((i) => part(long.slice(3 * i, 3 * i + 3))).join('');
      const html = page(`<article>${parts}</article><div class="x9">${[...Array(3).keys()].map(blurb).join('')}</div>`);
      // The box, scoring as well as the story's block, still joins it as a sibling: the story is what this pins.
      expect(extractBodyParagraphs(cheerio.load(html))).to.include.members(long);
    });
    it('keeps a top block holding a fair share of the points, though a comment list beside it holds most', () => {
      // The story 46% of the page's paragraph points, fourteen unmarked comments 54%: the story still outscores the
      // list, whose items sit one level under it, and is read alone.
      const s6 = story(6);
      const remark = (i: number) => `<li><b>reader${i}</b><p>Comment ${i} says the quarter looked great to me</p></li>`;
      const html = page(
        `<div class="x1">${s6.map((x) => `<p>${x}</p>`).join('')}</div><ul class="x2">${[...Array(14).keys()]
          .map(remark)
          .join('')}</ul>`,
      );
      expect(extractBodyParagraphs(cheerio.load(html))).to.deep.equal(s6);
    });
    it('reads the story beside a block of short table cells that outscores it but holds no prose', () => {
      // Labels with commas and no sentence: they score as paragraphs, and no line of them reads as one.
      const cell = (i: number) =>
        `<table><tr><td>Revenue, margin, cash, segment ${i}, region ${i % 7}</td></tr></table>`;
      const html = page(
        `<main><div class="x3">${[...Array(60).keys()].map(cell).join('')}</div></main><div>${brief}</div>`,
      );
      expect(extractBodyParagraphs(cheerio.load(html))).to.deep.equal(s);
    });
    it('keeps a story whose sections have headings that link within the page', () => {
      const section = (i: number) =>
        `<section><h2><a href="#part-${i}">Part ${i} of the results</a></h2><p>${s[i]}</p></section>`;
      expectStory(page(`<article>${[0, 1, 2].map(section).join('')}</article>`), s);
    });
  });

  describe('the boxes around text fields are not story text, whatever their class names', () => {
    const s = story(6);
    const signup =
      '<div class="c9"><div class="c3">Get the Markets newsletter</div><p class="c4">Sign up to receive the ' +
      'day\'s top business stories in your inbox every morning.</p><form><input type="email"><button>Sign up' +
      '</button></form></div>';
    it('drops a newsletter sign-up box set between the paragraphs', () => {
      const paras = s.map((x) => `<p class="c1">${x}</p>`);
      const body = expectStory(
        page(`<div class="c2">${paras.slice(0, 3).join('')}${signup}${paras.slice(3).join('')}</div>`),
        s,
      );
      expect(body).not.to.contain('Sign up');
      expect(body).not.to.contain('newsletter');
    });
    it("drops a comment form's heading and notes at the end of the story's container", () => {
      const form =
        '<div class="c5"><h3>Leave a Reply</h3><form><p>Your email address will not be published. Required fields ' +
        'are marked.</p><p><label>Comment</label><textarea></textarea></p><p><label>Name</label><input ' +
        'type="text"></p><p><button>Post Comment</button></p></form></div>';
      const body = expectStory(page(`<div class="c2">${s.map((x) => `<p>${x}</p>`).join('')}${form}</div>`), s);
      expect(body).not.to.contain('Reply');
      expect(body).not.to.contain('published');
    });
    it('keeps a story that shares its container or its <form> with a search field', () => {
      const search = '<input type="search" name="q">';
      expectStory(page(`<form>${search}<div>${s.map((x) => `<p>${x}</p>`).join('')}</div></form>`), s);
      // A single sentence is shorter than a box could be: the field's container is then the page.
      const one = [s[0]];
      expectStory(page(`<div><p>${s[0]}</p>${search}</div>`), one);
    });
  });

  describe('a box of standalone links inside the story is not story text, whatever its class names', () => {
    const s = story(12);
    const paras = s.map((x) => `<p>${x}</p>`);
    const pitch =
      '<div class="c7"><h3>Subscribe to keep reading</h3><div>Get unlimited access to our journalism, including ' +
      'exclusive analysis, for just $1 a week. Cancel anytime.</div><a href="/subscribe">Subscribe now</a> ' +
      '<a href="/login">Already a subscriber? Sign in</a></div>';
    it('drops a subscription pitch with its links between the paragraphs', () => {
      const body = expectStory(
        page(`<div class="c2">${paras.slice(0, 3).join('')}${pitch}${paras.slice(3).join('')}</div>`),
        s,
      );
      expect(body.split('\n\n')).to.deep.equal(s);
    });
    it('keeps a section of the story whose sentences link their terms', () => {
      // Every third word a link: a third of the section's text is in links, all of it inside its paragraphs.
      const linked = s.map((x) => x.replace(/(\S+ \S+ )(\S+)/g, '$1<a href="/wiki/$2">$2</a>'));
      const sections = [0, 4, 8].map(
        (i) => `<div class="c3"><h2>Part ${i / 4 + 1}</h2><p>${linked.slice(i, i + 4).join('</p><p>')}</p></div>`,
      );
      const body = extractArticle(page(`<div class="c2">${sections.join('')}</div>`)).body;
      expect(body.split('\n\n').filter((x) => !x.startsWith('Part '))).to.deep.equal(s);
    });
  });

  describe("a story's subheadings are kept when they link elsewhere, as a product roundup's do", () => {
    // Long enough for the main path to trust itself (the fallback, Readability, keeps every heading).
    const s = story(10);
    const product = (i: number) => `<h3><a href="https://shop.example/item-${i}">“Product ${i}” ($${i}0)</a></h3>`;
    it('keeps a linked subheading that prose follows', () => {
      // An introduction, then each product under its linked name.
      const paras = s.map((x, i) => `${i % 2 ? product(i) : ''}<p>${x}</p>`).join('');
      const body = expectStory(page(`<article>${paras}</article>`), s);
      expect(body).to.contain('“Product 1” ($10)');
      expect(body).to.contain('“Product 9” ($90)');
    });
    it('drops linked headings that no prose follows: a list of links after the story', () => {
      const paras = s.map((x) => `<p>${x}</p>`).join('');
      const body = expectStory(page(`<article>${paras}<h2>More reading</h2>${product(7)}${product(8)}</article>`), s);
      expect(body).not.to.contain('Product');
    });
  });

  describe("a slideshow's captions are not story text, whatever its class names", () => {
    const s = story(8);
    const caption = (i: number) =>
      `Caption ${i} tells how the retailer, the airline and the brewer fared in a quarter of strikes and rising duty.`;
    // Class names that say nothing: only the counters mark the slides.
    const gallery = (counter: (i: number) => string) =>
      `<div class="g1"><h2>Business news in pictures</h2><ul class="g2">${[...Array(12).keys()]
        .map((i) => `<li><h3><span>${counter(i + 1)}</span> Headline ${i}</h3><p>${caption(i)}</p></li>`)
        .join('')}</ul><a href="#">Previous</a><a href="#">Next</a></div>`;
    const withGallery = (g: string) =>
      page(
        `<div class="k1">${s
          .slice(0, 4)
          .map((x) => `<p>${x}</p>`)
          .join('')}${g}${s
          .slice(4)
          .map((x) => `<p>${x}</p>`)
          .join('')}</div>`,
      );
    it('reads the story and not the captions of a gallery set between its paragraphs', () => {
      const { body } = extractArticle(withGallery(gallery((k) => `${k}/12`)));
      expect(body.split('\n\n')).to.deep.equal(s);
    });
    it('knows a counter written in words, in other languages too', () => {
      for (const counter of [
        (k: number) => `Photo ${k} of 12`,
        (k: number) => `${k} de 12`,
        (k: number) => `${k} / 12`,
      ])
        expect(extractArticle(withGallery(gallery(counter))).body.split('\n\n'), counter(1)).to.deep.equal(s);
    });
    it('keeps the captions of a gallery page, where they are what there is to read', () => {
      const html = page(`<div class="k1"><p>${s[0]}</p>${gallery((k) => `${k}/12`)}</div>`);
      expect(extractArticle(html).body).to.contain(caption(0)).and.to.contain(caption(11));
    });
    it('keeps them too where the lines around the gallery add up to a story but no block of them is one', () => {
      // An introduction, a credit line, a note and a footer: four blocks of a sentence or two each.
      const around = (i: number) => `<div class="n${i}"><p>${s[2 * i]} ${s[2 * i + 1]}</p></div>`;
      const html = page(`<div class="k1">${around(0)}${gallery((k) => `${k}/12`)}${around(1)}</div>
        <div class="k2">${around(2)}</div><footer>${around(3)}</footer>`);
      expect(extractArticle(html).body).to.contain(caption(0)).and.to.contain(caption(11));
    });
    it("leaves a story's short parts around a slideshow standing: the box holds no paragraph of them", () => {
      // A list of features, each a heading and a sentence, one of them holding the gallery: each step out from the
      // gallery adds little text, but it adds the story's paragraphs.
      const feature = (i: number, inner = '') =>
        `<li><h3>Feature ${i}</h3><p>Feature ${i} lets traders export every chart.</p>${inner}</li>`;
      const html = page(
        `<div class="k1">${s.map((x) => `<p>${x}</p>`).join('')}<ul class="k2">${feature(
          0,
          gallery((k) => `${k}/12`),
        )}${feature(1)}${feature(2)}</ul></div>`,
      );
      const { body } = extractArticle(html);
      expect(body).to.contain('Feature 0 lets').and.to.contain('Feature 2 lets');
      expect(body).not.to.contain(caption(0));
    });
    it('reads the story and not the captions where the gallery sits in one part of a story cut into parts', () => {
      // Three paragraphs a part, each part three wrappers deep, an empty ad slot between parts: no block of the
      // story holds 500 characters, and the block around the gallery is one part.
      const part = (lines: string[], inner = '') =>
        `<div class="k2"><div class="k3"><div class="k4">${lines.map((x) => `<p>${x}</p>`).join('')}${inner}` +
        '</div></div></div><div class="k5"></div>';
      const long = story(12);
      const html = page(
        `<div class="k1">${part(
          long.slice(0, 3),
          gallery((k) => `${k}/12`),
        )}${[3, 6, 9].map((i) => part(long.slice(i, i + 3))).join('')}</div>`,
      );
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(long);
    });
    it('reads the story and not the captions where its paragraphs hold twice their text in short blocks', () => {
      // Two paragraphs a block, each in a section of its own: a story of short sections, none of 500 characters.
      const long = story(40);
      const sections = [...Array(20).keys()]
        .map((i) => `<section><h2>Section ${i}</h2><div><p>${long[2 * i]}</p><p>${long[2 * i + 1]}</p></div></section>`)
        .join('');
      const html = page(`<div class="k1"><p>${long[0]}</p>${gallery((k) => `${k}/12`)}</div>${sections}`);
      expect(extractArticle(html).body).not.to.contain(caption(0));
    });
    it('keeps items that carry dates, which repeat and skip as no counter does', () => {
      const dated = ['01/19', '01/19', '02/19', '04/19'].map((d, i) => `<li><span>${d}</span> ${caption(i)}</li>`);
      const html = withGallery(`<ul class="g2">${dated.join('')}</ul>`);
      expect(extractArticle(html).body).to.contain(caption(0)).and.to.contain(caption(3));
    });
  });

  describe('a comment thread is not story text, whatever its class names', () => {
    const s = story(4);
    const remark = (i: number) =>
      `Remark ${i} says the guidance looks far too cautious to me, and the buyback, the dividend and the debt ` +
      'plan all deserve a much closer look before the next call with analysts.';
    // Class names that say nothing, as CSS-in-JS sites write them: only the reply control marks a comment.
    const comment = (i: number, control: string) =>
      `<li class="k${i % 3}"><div class="k4"><b>reader${i}</b> <time>${i + 1} hours ago</time></div>` +
      `<div class="k5"><p>${remark(i)}</p><p>${remark(i + 20)}</p></div><div class="k6">${control}</div></li>`;
    const thread = (control: (i: number) => string) =>
      `<div class="k7"><h2>12 comments</h2><ol class="k8">${[...Array(12).keys()]
        .map((i) => comment(i, control(i)))
        .join('')}</ol></div>`;
    const brief = `<div class="k9">${s.map((x) => `<p>${x}</p>`).join('')}</div>`;
    it('reads a short story, not the longer thread of comments after it', () => {
      const body = expectStory(page(brief + thread(() => '<a href="#">Reply</a>')), s);
      expect(body).not.to.contain('Remark');
      expect(body).not.to.contain('12 comments');
    });
    it('knows a reply control by its label or by a WordPress reply link, in other languages too', () => {
      const controls = [
        () => '<button aria-label="Reply to this comment"><svg></svg></button>',
        (i: number) => `<a href="/story?replytocom=${i}#respond">↩</a>`,
        () => '<button>Antworten</button>',
      ];
      for (const control of controls) expect(expectStory(page(brief + thread(control)), s)).not.to.contain('Remark');
    });
    it('keeps a story that embeds posts with reply links among its paragraphs', () => {
      const post = (i: number) =>
        `<blockquote><p>Post ${i}: our quarter beat every estimate</p><a href="/intent?in_reply_to=${i}">Reply</a>` +
        '</blockquote>';
      const paras = s.map((x, i) => `<p>${x}</p>${i < 3 ? post(i) : ''}`).join('');
      // The page holds prose besides the story, as a page with comments would, so only the posts' share tells.
      const footer = `<footer><p>${remark(90)}</p><p>${remark(91)}</p></footer>`;
      expectStory(page(`<article>${paras}</article>${footer}`), s);
    });
    it('keeps the posts of a page that is nothing but a thread, as a forum page is', () => {
      const { body } = extractArticle(page(thread(() => '<a href="#">Reply</a>')));
      expect(body).to.contain('Remark 0');
    });
  });

  describe('another story the page carries in full (an infinite scroll) is not its text', () => {
    const s = story(5);
    const next = Array.from(
      { length: 5 },
      (_, i) =>
        `Line ${i} of the next story says the rival cut ${i + 3} percent of jobs while sales, costs and debt held.`,
    );
    const longer = [...next, ...next.map((x) => `${x} Again.`)];
    const article = (cls: string, h: string, lines: string[]) =>
      `<article class="${cls}"><h1>${h}</h1><div class="byline">By Jane Doe</div><div class="text">${lines
        .map((x) => `<p>${x}</p>`)
        .join('')}</div></article>`;
    const scrolled = (title: string, second = article('story', 'Globex cuts jobs at its bank', longer)) =>
      `<html><head><title>${title} | Example News</title></head><body><main>${article(
        'story',
        'Acme beats estimates on strong sales',
        s,
      )}${second}</main></body></html>`;
    it("reads the page's story, not the longer story of the same template loaded below it", () => {
      const { body } = extractArticle(scrolled('Acme beats estimates on strong sales'));
      expect(body.split('\n\n')).to.deep.equal(s);
    });
    // The page's story holds its own where the rule stands aside; what the rule leaves standing is what it decides.
    const others = (html: string) => otherStories(cheerio.load(html), new TextLengths()).length;
    it("leaves both where the page's title agrees with neither headline, as on a blog's page of whole posts", () => {
      expect(others(scrolled('Acme beats estimates on strong sales'))).to.equal(1);
      expect(others(scrolled('Example blog'))).to.equal(0);
    });
    it('leaves a part of the story set in an article of another template or under a smaller heading', () => {
      const part = article('story-part', 'What comes next', next);
      expect(others(scrolled('Acme beats estimates on strong sales', part))).to.equal(0);
      const subheaded = article('story', 'What comes next', next).replace(/h1>/g, 'h2>');
      expect(others(scrolled('Acme beats estimates on strong sales', subheaded))).to.equal(0);
    });
    it('leaves a teaser of the same template: it holds no story of its own', () => {
      const teaser = article('story', 'Globex cuts jobs at its bank', [next[0]]);
      expect(others(scrolled('Acme beats estimates on strong sales', teaser))).to.equal(0);
    });
  });

  describe('a story split around its best block is read whole', () => {
    const s = story(16);
    const p = (xs: string[]) => xs.map((x) => `<p>${x}</p>`).join('');
    const teasers = '<div class="x9"><a href="/a">Rival lender posts its weakest quarter</a></div>'.repeat(6);
    it('reads a story cut into parts three wrappers above their paragraphs, with ad slots between them', () => {
      // The first part holds six paragraphs, the others one to three: no part scores near the first.
      const cut = [s.slice(0, 6), s.slice(6, 7), s.slice(7, 9), s.slice(9, 10), s.slice(10, 13), s.slice(13)];
      const part = (xs: string[]) => `<div class="k7q"><div class="x2f"><div class="m9w">${p(xs)}</div></div></div>`;
      const slot = '<div class="r4t"><div id="s1"></div></div>';
      // In a block of their own, and in <body> itself.
      for (const html of [
        page(`<div class="a1">${cut.map(part).join(slot)}</div><div class="b2">${teasers}</div>`),
        page(`${cut.map(part).join(slot)}<div class="b2">${teasers}</div>`),
      ]) {
        // The main path itself: where it read the first part alone, the fallback (Readability) read the page whole.
        expect(extractBodyParagraphs(cheerio.load(html))).to.deep.equal(s);
        expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s);
      }
    });
    it('reads a story of a few paragraphs cut in two by an ad slot, each half three wrappers deep', () => {
      const part = (xs: string[]) => `<div class="k7q"><div class="x2f"><div class="m9w">${p(xs)}</div></div></div>`;
      const slot = '<div class="r4t"><div id="s1"></div></div>';
      const short = s.slice(0, 6);
      for (const n of [2, 3, 4]) {
        const html = page(`<div class="a1">${part(short.slice(0, n))}${slot}${part(short.slice(n))}</div>${teasers}`);
        expect(extractBodyParagraphs(cheerio.load(html)), `cut after ${n}`).to.deep.equal(short);
      }
    });
    it('does not read one block of another template beside the story as its second half', () => {
      const part = (cls: string, xs: string[]) =>
        `<div class="${cls}"><div class="x2f"><div class="m9w">${p(xs)}</div></div></div>`;
      // Readers' comments in a block of their own, no reply links to give them away: all the text beside the story.
      const comments = [
        'Held this stock for ten years, and the management never once delivered on it.',
        'Great quarter, but the guidance is what matters, and that looked weak to me.',
        'Anyone else think the buyback is the only reason the shares went up today?',
      ];
      const html = page(`<div class="a1">${part('k7q', s.slice(0, 6))}${part('c5d', comments)}</div>${teasers}`);
      expect(extractBodyParagraphs(cheerio.load(html))).to.deep.equal(s.slice(0, 6));
    });
    it("reads every section of a story cut into parts, each section wrapped twice, as Medium's template does", () => {
      const part = (xs: string[]) => `<div class="k7q"><div class="x2f"><div class="m9w">${p(xs)}</div></div></div>`;
      const slot = '<div class="r4t"><div id="s1"></div></div>';
      // Each section's parts sit in a column inside a wrapper that adds nothing; a rule between sections.
      const section = (cut: string[][]) => `<div class="n"><div class="z">${cut.map(part).join(slot)}</div></div>`;
      const sections = [
        [s.slice(0, 6), s.slice(6, 7), s.slice(7, 9)],
        [s.slice(9, 10), s.slice(10, 13)],
        [s.slice(13)],
      ];
      const html = page(
        `<article><section>${sections.map(section).join('<div class="hr"><div class="n">***</div></div>')}` +
          `</section></article><div class="b2">${teasers}</div>`,
      );
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s);
    });
    it('reads a lead of two to four paragraphs set apart from the rest of the story, an ad slot between', () => {
      const slot = '<div class="r4t"><div id="s1"></div></div>';
      for (const n of [2, 3, 4]) {
        const html = page(
          `<article><h1>Results</h1><div class="v1">${p(s.slice(0, n))}</div>${slot}` +
            `<div class="w2">${p(s.slice(n, 12))}</div></article><div class="b2">${teasers}</div>`,
        );
        expect(extractArticle(html).body.split('\n\n'), `lead of ${n}`).to.deep.equal(s.slice(0, 12));
      }
    });
    it('reads every section of a story whose first section sets its lead apart, the sections one wrapper up', () => {
      const slot = '<div class="r4t"><div id="s1"></div></div>';
      // The lead and the rest of section one share a wrapper that holds nothing else but a link; sections two and
      // three are that wrapper's siblings, so the story's block is one level above the best-scoring part.
      const skip = '<a href="#text">Continue reading the main story</a>';
      const first = `<div class="sec">${skip}<div class="v1">${p(s.slice(0, 2))}</div>${slot}<div class="v1">${p(
        s.slice(2, 10),
      )}</div></div>`;
      const rest = [s.slice(10, 13), s.slice(13)].map((xs) => `<div class="sec">${p(xs)}</div>`).join('');
      const html = page(`<main><div class="col">${first}${rest}</div><div class="b2">${teasers}</div></main>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s);
    });
    it('reads every section of a story whose parts sit beside labelled ad slots, and leaves the labels out', () => {
      // Templates label an ad slot between a story's parts ("Advertisement"), or set a "Read more" expander above the
      // rest; a label is no word of the story, so the wrapper that shows it is still the story's block.
      for (const label of ['<p class="z1">Advertisement</p>', '<div class="more">Read more</div>']) {
        const slot = `<div class="r4t">${label}<div id="s1"></div></div>`;
        const first = `<div class="sec"><div class="v1">${p(s.slice(0, 2))}</div>${slot}<div class="v1">${p(
          s.slice(2, 10),
        )}</div></div>`;
        const rest = [s.slice(10, 13), s.slice(13)].map((xs) => `<div class="sec">${p(xs)}</div>`).join('');
        const html = page(`<main><div class="col">${first}${rest}</div><div class="b2">${teasers}</div></main>`);
        expect(extractArticle(html).body.split('\n\n'), label).to.deep.equal(s);
      }
    });
    it('reads a word as a reader sees it, without soft hyphens, zero-width spaces or word joiners inside it', () => {
      const hinted = s.map((x, i) => (i ? x : x.replace('revenue', 'rev&shy;e&#8203;nu&#x2060;e')));
      const html = page(`<article><h1>Results</h1>${p(hinted.slice(0, 10))}</article>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s.slice(0, 10));
    });
    it('keeps a subheading set between two blocks of the story, and not a heading after its last block', () => {
      const links = '<ul><li><a href="/a">Rival lender posts its weakest quarter</a></li></ul>';
      const html = page(
        `<article><h1>Results</h1><div class="v1">${p(s.slice(0, 2))}</div><h2>What the bank said</h2>` +
          `<div class="w2">${p(s.slice(2, 10))}</div><h3>More on banks</h3>${links}</article>`,
      );
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal([
        ...s.slice(0, 2),
        'What the bank said',
        ...s.slice(2, 10),
      ]);
    });
    it('leaves out a short line beside the story that trails off, as a loading message or a teaser does', () => {
      for (const line of ['Loading comments, please wait...', 'Read the full quarterly report on our site…']) {
        const html = page(
          `<article><h1>Results</h1><div class="v1">${p(s.slice(0, 10))}</div><p>${line}</p></article>`,
        );
        expect(extractArticle(html).body.split('\n\n'), line).to.deep.equal(s.slice(0, 10));
      }
    });
    it("leaves out a copyright line beside the article's column when the story's block shows a dateline", () => {
      // A climb past a label is a weaker sign than a climb past nothing: there the story's parts join, not a line of
      // prose beside the column.
      const notice = 'Copyright 2026 Example Media, Inc. All rights reserved. This material may not be republished.';
      const dateline = '<div class="dt">Published December 7, 2026, 2:42 pm ET</div>';
      const column = `<div class="lc">${dateline}<div class="v1">${p(s.slice(0, 10))}</div></div>`;
      const html = page(`<main><div class="wrap">${column}<div class="cr">${notice}</div></div></main>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s.slice(0, 10));
    });
    it('reads a lead set apart before the story however it is set: with a subheading, a list or wrappers', () => {
      const lead = s[0];
      const rest = `<div class="w2">${p(s.slice(1, 10))}</div>`;
      const slot = '<div class="r4t"><div id="s1"></div></div>';
      const bullets = '<ul><li>Revenue rose by a tenth in the quarter.</li><li>Margins held steady.</li></ul>';
      const shapes = {
        // A short line above the first sentence is taken for a kicker and dropped; the lead itself is read.
        subheading: [`<h2>What happened</h2><p>${lead}</p>`, [lead]],
        list: [`<p>${lead}</p>${bullets}`, [lead, 'Revenue rose by a tenth in the quarter.', 'Margins held steady.']],
        wrappers: [`<div><div><p>${lead}</p></div></div>`, [lead]],
      } as const;
      for (const [name, [block, start]] of Object.entries(shapes)) {
        const html = page(`<article><h1>Results</h1><div class="v1">${block}</div>${slot}${rest}</article>`);
        const body = extractArticle(html).body.split('\n\n');
        expect(body.slice(0, start.length), name).to.deep.equal(start);
        expect(body.slice(-9), name).to.deep.equal(s.slice(1, 10));
      }
    });
    it('reads a box of key points set before the story, a list of sentences, but not a list of headlines', () => {
      const points = ['Revenue grew for a third quarter in a row.', 'Shares rose sharply in late trading.'];
      const rest = `<div class="w2">${p(s.slice(0, 10))}</div>`;
      const box = (items: string) => `<div class="k1"><h2>Key points</h2><ul>${items}</ul></div>`;
      const sentences = box(points.map((x) => `<li>${x}</li>`).join(''));
      const read = (html: string) => extractArticle(page(`<article><h1>Results</h1>${html}${rest}</article>`)).body;
      expect(read(sentences).split('\n\n')).to.deep.equal([...points, ...s.slice(0, 10)]);
      const headlines = box(points.map((x, i) => `<li><a href="/s${i}">${x}</a></li>`).join(''));
      expect(read(headlines).split('\n\n')).to.deep.equal(s.slice(0, 10));
    });
    it("leaves out a box of short lines beside the story (an author's bio under a heading), not a lead", () => {
      const bio =
        '<div class="q1"><h3>About Jane Doe</h3><p>Jane Doe covers markets.</p><p>She joined in 2019.</p></div>';
      const html = page(`<article><h1>Results</h1><div class="w2">${p(s.slice(0, 10))}</div>${bio}</article>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s.slice(0, 10));
    });
    it('leaves out the layout rows that share the class of the row a long story climbs to', () => {
      const long = story(40);
      const slot = '<div class="r4t"><div id="s1"></div></div>';
      const story40 = `<div class="v1">${p(long.slice(0, 2))}</div>${slot}<div class="w2">${p(long.slice(2))}</div>`;
      const teaserRow =
        '<div class="row"><div class="col"><div>Stocks fall as the dollar rises and oil slides on supply worries.' +
        '</div><div>A chip maker beats estimates and raises its outlook for the year.</div></div></div>';
      const footerRow =
        '<div class="row"><div class="col"><div>We are a financial news site. Contact us for partnerships.</div>' +
        '<div>Copyright 2020 Example Media Group. All rights reserved worldwide.</div></div></div>';
      const html = page(`<div class="row"><div class="col">${story40}</div></div>${teaserRow}${footerRow}`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(long);
    });
    it('keeps a part whose class negates a chrome word ("no_caption": an item without a caption)', () => {
      const lead = 'The lead says that revenue grew faster than anyone on the street expected this quarter.';
      const item = (cls: string, inner: string) => `<div class="item ${cls}">${inner}</div>`;
      const image = item('item-image no_caption', `<h2>${lead}</h2><img src="/a.jpg">`);
      const texts = [s.slice(0, 6), s.slice(6, 11), s.slice(11)].map((xs) => item('item-text', p(xs))).join('');
      const html = page(`<div class="list">${image}${texts}</div><div class="b2">${teasers}</div>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal([lead, ...s]);
    });
    it('keeps the prose paragraphs beside a long quotation that scores best', () => {
      const quote = `<blockquote>${p(s.slice(2, 14))}</blockquote>`;
      expectStory(page(`<div class="post-page">${p(s.slice(0, 2))}${quote}${p(s.slice(14))}</div>`), s);
    });
    it('keeps them too where each paragraph holds its text in a <span> or <font>, as page builders write it', () => {
      for (const tag of ['span', 'font']) {
        const inner = (xs: string[]) => xs.map((x) => `<p><${tag}>${x}</${tag}></p>`).join('');
        const quote = `<blockquote>${inner(s.slice(2, 14))}</blockquote>`;
        const html = page(`<div class="post-page">${inner(s.slice(0, 2))}${quote}${inner(s.slice(14))}</div>`);
        expect(extractArticle(html).body.split('\n\n'), tag).to.deep.equal(s);
      }
    });
    it('keeps the paragraphs beside it that link a third of their words, but not a line that links a headline', () => {
      // Every third word a link: over Readability's quarter of link text, as a wiki's or an explainer's prose is.
      const linked = (x: string) =>
        x
          .split(' ')
          .map((w, i) => (i % 3 === 1 ? `<a href="/t${i}">${w}</a>` : w))
          .join(' ');
      const around = (xs: string[]) => xs.map((x) => `<p>${linked(x)}</p>`).join('');
      // A third of it link too, but it ends on a headline, not a sentence.
      const headline = '<a href="/x">Rival lender posts its weakest quarter</a>';
      const more = `<p>More from our markets desk and our banking reporters this week: ${headline}</p>`;
      const quote = `<blockquote>${p(s.slice(2, 14))}</blockquote>`;
      const html = page(`<div class="post-page">${around(s.slice(0, 2))}${quote}${around(s.slice(14))}${more}</div>`);
      expect(extractArticle(html).body.split('\n\n')).to.deep.equal(s);
    });
    it('keeps the paragraphs beside it that the page writes as <div>s broken into lines, as wire copy is', () => {
      const wired = (xs: string[]) =>
        xs.map((x) => `<div>${x.split(' ').reduce((a, w, i) => `${a}${i % 8 ? ' ' : '<br>'}${w}`)}</div>`).join('');
      const quote = `<blockquote>${p(s.slice(2, 14))}</blockquote>`;
      const html = page(`<div class="c1">${wired(s.slice(0, 2))}${quote}${wired(s.slice(14))}</div>`);
      expect(extractBodyParagraphs(cheerio.load(html))).to.deep.equal(s);
    });
    it('reads the headings and lists of a story written in unmarked paragraphs, not only its prose', () => {
      // A box of short, comma-rich notes scores best, but the story's <div> paragraphs outweigh it: it is one part
      // of the story, and the story is read from its parent, headings and lists included.
      const wire = (i: number) =>
        `Wire paragraph ${i} reports that the lender expects its net interest income to rise next year as deposit ` +
        `costs ease and loan demand from small businesses recovers across its home markets.`;
      const notes = [1, 2, 3, 4, 5].map((i) => `<p>Note ${i}: rates, fees, loans, deposits, costs, all up.</p>`);
      const list = '<ul><li>Revenue guidance</li><li>Capital returns</li></ul>';
      const html = page(
        `<div class="c1"><div>${wire(1)}</div><div>${wire(2)}</div><h2>What changed</h2>${list}` +
          `<div class="c2">${notes.join('')}</div><h2>What comes next</h2><div>${wire(3)}</div></div>`,
      );
      const body = extractBodyParagraphs(cheerio.load(html));
      expect(body).to.include.members([wire(1), 'What changed', 'Revenue guidance', 'What comes next', wire(3)]);
    });
    it('reads the same story where each paragraph sits in a <div> of its own, as components write them', () => {
      const wrapped = (xs: string[]) => xs.map((x) => `<div class="c1"><p>${x}</p></div>`).join('');
      const quote = `<blockquote>${wrapped(s.slice(2, 14))}</blockquote>`;
      const body = expectStory(
        page(`<div class="c2">${wrapped(s.slice(0, 2))}${quote}${wrapped(s.slice(14))}</div>`),
        s,
      );
      expect(body.split('\n\n')).to.deep.equal(s);
    });
    it('weighs paragraphs in <div>s of their own as fully as bare ones against a box of bare paragraphs', () => {
      const wrapped = s.slice(0, 10).map((x) => `<div class="c1"><p>${x}</p></div>`);
      const note = (i: number) => `Note ${i} explains how the index, the futures and the options were priced today.`;
      const box = `<div class="c3">${[1, 2, 3, 4, 5, 6].map((i) => `<p>${note(i)}</p>`).join('')}</div>`;
      const html = page(`<div class="c4"><div class="c2">${wrapped.join('')}</div></div><div class="c5">${box}</div>`);
      const body = expectStory(html, s.slice(0, 10));
      expect(body).not.to.contain('Note');
    });
    it('reads a story cut into sections of paragraphs whole, where a box interrupts it', () => {
      // Each <section> holds three paragraphs, as long-form templates cut a story into parts; the story goes on in a
      // second container after a box. Scored a level down, the continuation's sections fell under the join floor.
      const sentences = story(30);
      const long = sentences.flatMap((x, i) => (i % 2 ? [] : [`${x} ${sentences[i + 1]}`]));
      const sections = (xs: string[]) =>
        xs
          .map((_, i) => (i % 3 ? '' : `<section>${p(xs.slice(i, i + 3))}</section>`))
          .filter(Boolean)
          .join('');
      const box = '<div class="c3"><a href="/x">Watch: the chief executive on the quarter</a></div>';
      const html = page(`<div class="c1">${sections(long.slice(0, 12))}</div>${box}
        <div class="c2">${sections(long.slice(12))}</div>`);
      expect(extractBodyParagraphs(cheerio.load(html))).to.deep.equal(long);
    });
    it('keeps a part of a story in sections whose class says "sidebar", as a part, not as chrome', () => {
      const long = story(14);
      const html = page(
        `<article class="c1"><section>${p(long.slice(0, 4))}</section>` +
          `<section class="sticky-sidebar">${p(long.slice(4, 9))}</section><section>${p(long.slice(9))}</section>` +
          '</article><div class="sidebar"><a href="/a">Most read</a></div>',
      );
      expect(extractBodyParagraphs(cheerio.load(html))).to.deep.equal(long);
    });
    it('keeps the opening paragraphs that sit two levels above the rest of the story', () => {
      const long = story(22);
      const pairs = (xs: string[]) => p(xs.flatMap((x, i) => (i % 2 ? [] : [`${x} ${xs[i + 1]}`])));
      const rest = `<div class="more"><div class="label">Read more</div><div>${pairs(long.slice(6))}</div></div>`;
      expectStory(page(`<div class="story-body">${pairs(long.slice(0, 6))}${rest}</div>`), long);
    });
    it('weighs the sibling blocks of a wrapper whose only child is the best block', () => {
      const html = page(
        `<div class="post"><div class="part"><div class="inner">${p(s.slice(0, 10))}</div></div>` +
          `<div class="part">${p(s.slice(10))}</div></div><div class="links"><a href="/x">More stories</a></div>`,
      );
      const body = expectStory(html, s);
      expect(body).not.to.contain('More stories');
    });
    it('widens past a wrapper whose other child is a link list, to the story block before it', () => {
      // A news layout: the story in two blocks of one class, a box of related links and an ad slot between and
      // beside them. The box must not stop the best block's wrapper from being weighed with its sibling block.
      const long = story(28);
      const pairs = (xs: string[]) => p(xs.flatMap((x, i) => (i % 2 ? [] : [`${x} ${xs[i + 1]}`])));
      const related =
        '<div class="box"><ul><li><a href="/r1">An earlier story on the same company</a></li>' +
        '<li><a href="/r2">Another related headline here</a></li></ul></div>';
      const html = page(
        `<article><div class="story-part"><div class="text">${pairs(long.slice(0, 8))}</div>${related}</div>` +
          '<div class="slot">Advertisement</div>' +
          `<div class="story-part"><div class="text">${pairs(long.slice(8))}</div>${related}</div></article>`,
      );
      const body = expectStory(html, long);
      expect(body).not.to.contain('related headline');
    });
  });

  describe("a page rendered by script keeps its story in JSON-LD's articleBody", () => {
    const s = story(12);
    const ld = (articleBody: string) =>
      `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', articleBody })}</script>`;
    const shell = '<div id="root"><p>Loading…</p></div><nav><a href="/markets">Markets</a></nav>';
    it('reads the story from articleBody when the markup holds none of it', () => {
      const body = expectStory(page(ld(s.join('\n')) + shell), s);
      expect(body.split('\n\n')).to.have.length(s.length);
      expect(body).not.to.contain('Loading');
    });
    it('reads paragraphs from an articleBody written in markup, line breaks inside a paragraph aside', () => {
      const markup = s.map((x) => `<p>${x.replace(' says ', ' says\n    ')}</p>\n`).join('');
      const body = expectStory(page(ld(markup) + shell), s);
      expect(body.split('\n\n')).to.have.length(s.length);
    });
    it('keeps the story in the markup over a teaser in articleBody', () => {
      const html = page(ld(s[0]) + `<article>${s.map((x) => `<p>${x}</p>`).join('')}</article>`);
      expect(expectStory(html, s).split('\n\n')).to.have.length(s.length);
    });
  });

  describe('a data table inside the story is read row by row, as a part of the story', () => {
    const s = story(10); // long enough for the main path to trust itself
    const row = (cells: string[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
    it('keeps every cell of a table of figures, a row to a line', () => {
      const table =
        `<table><thead>${row(['Quarter', 'Revenue', 'Margin'], 'th')}</thead><tbody>` +
        `${row(['Q1 2024', '$1.2bn', '31%'])}${row(['Q2 2024', '$1.4bn', '33%'])}</tbody></table>`;
      const paras = s.map((x) => `<p>${x}</p>`);
      const body = expectStory(
        page(`<article>${paras.slice(0, 3).join('')}${table}${paras.slice(3).join('')}</article>`),
        s,
      );
      expect(body.split('\n\n')).to.deep.equal([
        ...s.slice(0, 3),
        'Quarter Revenue Margin',
        'Q1 2024 $1.2bn 31%',
        'Q2 2024 $1.4bn 33%',
        ...s.slice(3),
      ]);
    });
    it('keeps the paragraphs around a table whose long cells score more than they do', () => {
      const notes = story(12).map((x) => x.replace('of the story', 'of the table'));
      const table = `<table>${notes.map((n, i) => row([`Item ${i}`, n])).join('')}</table>`;
      const body = extractArticle(page(`<div class="c1"><p>${s[0]}</p><p>${s[1]}</p>${table}</div>`)).body;
      expect(body).to.contain(s[0]);
      expect(body).to.contain(`Item 11 ${notes[11]}`);
    });
  });

  describe('a paragraph that ends with a footnote marker after its full stop still ends a sentence', () => {
    it('reads paragraphs split by <br><br> that end "...held.[3]", as a wiki writes its citations', () => {
      const s = story(6).map((x, i) => `${x}[${i + 1}]`);
      const body = extractBodyParagraphs(cheerio.load(page(`<div class="c1">${s.join('<br><br>')}</div>`)));
      expect(body).to.deep.equal(s);
    });
  });

  describe('a kicker above the first sentence is dropped, the opening of a story is not', () => {
    const OPENING = '谷歌在2014年收购的人工智能公司，';
    const CLOSE = '开发出一款能够用自己的记忆学习新知识的计算机。';
    const bodyOf = (html: string) => extractBodyParagraphs(cheerio.load(html));
    it('drops a short label such as "5 Min Read" above the first paragraph', () => {
      const s = story(6);
      expect(bodyOf(page(`<article><p>5 Min Read</p>${s.map((x) => `<p>${x}</p>`).join('')}</article>`))).to.deep.equal(
        s,
      );
    });
    it('keeps a list of key points above the story, its first point as short as a kicker', () => {
      const s = story(6);
      const points = '<ul><li>Revenue up 9%</li><li>Shares rose in late trading</li><li>Guidance unchanged</li></ul>';
      const body = bodyOf(page(`<article>${points}${s.map((x) => `<p>${x}</p>`).join('')}</article>`));
      expect(body).to.deep.equal(['Revenue up 9%', 'Shares rose in late trading', 'Guidance unchanged', ...s]);
    });
    it('drops two kickers in a row above the first sentence', () => {
      const s = story(6);
      const html = page(`<article><p>Markets</p><p>5 Min Read</p>${s.map((x) => `<p>${x}</p>`).join('')}</article>`);
      expect(bodyOf(html)).to.deep.equal(s);
    });
    it('keeps the opening paragraphs of a Chinese story, which hold no spaces and end with a full stop "。"', () => {
      const s = Array.from(
        { length: 6 },
        // "Paragraph i: the AI company Google bought in 2014 built a computer that learns with its own memory."
        (_, i) => `第${i + 1}段：${OPENING}${CLOSE}`,
      );
      expect(bodyOf(page(`<article>${s.map((x) => `<p>${x}</p>`).join('')}</article>`))).to.deep.equal(s);
    });
  });

  describe('markup the parser must not trip on', () => {
    const s = story(10);
    it('reads a page that has no <html> or <body> tag, without pruning all of it as chrome', () => {
      const body = expectStory(
        `<title>Results</title><div class="menu"><a href="/a">Markets</a></div><div class="story">${s
          .map((x) => `<p>${x}`)
          .join('')}</div>`,
        s,
      );
      expect(body).not.to.contain('Markets');
    });
    it('decodes entities and keeps paragraphs whose closing tags are implied', () => {
      const html = page(
        `<div class="story">${s.map((x) => `<p>${x.replace('revenue', 'AT&amp;T&nbsp;revenue')}`).join('')}`,
      );
      const body = expectStory(
        html,
        s.map((x) => x.replace('revenue', 'AT&T revenue')),
      );
      expect(body.split('\n\n')).to.have.length(s.length);
    });
    it('lets the fallback read a page without <html>, <head> or <body> tags, and not as body text its title', () => {
      const divs = s.map((x) => `<p>${x}</p>`).join('');
      for (const html of [
        `<!doctype html><title>Results</title><meta charset="utf-8">${divs}`,
        `<html><head><title>Results</title></head>${divs}</html>`,
        divs,
      ])
        expect(readabilityArticle(html)?.paragraphs, html.slice(0, 60)).to.deep.equal(s);
    });
  });

  describe('a document of plain text is read as text', () => {
    const s = story(6);
    it('reads a page without any markup whole, a paragraph at each blank line, its references decoded', () => {
      const text = s
        .map((x) => x.replace(' of ', ' of\n   '))
        .join('\n\n  \n')
        .replace('revenue', 'AT&amp;T revenue');
      const { body, title } = extractArticle(text);
      expect(body.split('\n\n')).to.deep.equal(s.map((x, i) => (i ? x : x.replace('revenue', 'AT&T revenue'))));
      expect(title).to.equal(null);
    });
    it('finds no story in JSON sent in place of a page', () => {
      expect(extractArticle('{"error": "not found", "detail": "The story was moved."}').body).to.equal('');
      expect(extractArticle('[1, 2]', 'text/plain').body).to.equal('');
    });
    it('reads a document declared text/plain literally, markup characters and references included', () => {
      const text = `${s[0]} <p>is not a tag</p> &amp;\n\n${s[1]}`;
      expect(extractArticle(Buffer.from(text), 'text/plain; charset=utf-8').body).to.equal(
        `${s[0]} <p>is not a tag</p> &amp;\n\n${s[1]}`,
      );
    });
    it('reads a web page as a page even when its server declares it text/plain', () => {
      const page = `<html><head><title>Results</title></head><body><nav><a href="/">Home</a></nav><article>${s
        .map((x) => `<p>${x}</p>`)
        .join('')}</article></body></html>`;
      for (const html of [page, `\uFEFF <!-- cached 12:00 -->\n<!DOCTYPE html>${page}`])
        expect(extractArticle(html, 'text/plain; charset=utf-8').body, html.slice(0, 30)).to.equal(s.join('\n\n'));
    });
  });
});
