import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  declaresArticle,
  finsentExtractor,
  readabilityExtractor,
  readCorpus,
  scoreCorpus,
  tokenOverlap,
  tokens,
} from '../../ingest/eval-corpus.js';
import { PAGE_CHANGES, pageChanges, stressCorpus } from '../../ingest/eval-stress.js';
import { evaluateExtraction } from '../../ingest/eval-extraction.js';

describe('ingest/eval-corpus (extraction scoring)', () => {
  it('counts token overlap as multisets, in any script', () => {
    const want = ['revenue', 'rose', '5', 'äö', 'straße', '東京'];
    expect(tokens('Revenue rose 5%, ÄÖ straße 東京')).to.deep.equal(want);
    const o = tokenOverlap(tokens('a a b c'), tokens('a b b d'));
    expect(o.precision).to.equal(0.5); // a, b of a a b c
    expect(o.recall).to.equal(0.5);
    expect(tokenOverlap([], tokens('x')).f1).to.equal(0);
  });

  function writeCorpus(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
    const story = Array.from({ length: 8 }, (_, i) => `<p>Paragraph ${i} explains why the quarter went well.</p>`);
    const page = (name: string, title: string, head = '') => {
      mkdirSync(path.join(dir, 'pages', name), { recursive: true });
      const html = `<html><head><title>${title}</title>${head}</head><body><nav><a href="/">Home</a></nav>
        <article><h1>${title}</h1>${story.join('')}</article></body></html>`;
      writeFileSync(path.join(dir, 'pages', name, 'source.html'), html);
      writeFileSync(path.join(dir, 'pages', name, 'expected.html'), `<div>${story.join('')}</div>`);
      writeFileSync(path.join(dir, 'pages', name, 'expected-metadata.json'), JSON.stringify({ title, byline: null }));
    };
    page('one', 'First page', '<meta property="og:type" content="article">');
    page('two', 'Second page');
    return dir;
  }

  it('says which two folder layouts it scores when --data-dir holds neither', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'no-corpus-'));
    expect(() => evaluateExtraction(dir)).to.throw(
      /no pages\/ folder in .*pages\/<name>\/source\.html.*expected\.json/,
    );
  });

  it('scores finsent and the Readability baseline on the same corpus folder', async () => {
    const pages = readCorpus(writeCorpus());
    expect(pages.map((p) => p.name)).to.deep.equal(['one', 'two']);
    const ours = await scoreCorpus('finsent', finsentExtractor, pages);
    expect(ours.pages).to.equal(2);
    expect(ours.f1).to.be.greaterThan(0.95);
    expect(ours.titles).to.equal('2/2');
    expect(ours.bylines).to.equal('0/0');
    const baseline = await readabilityExtractor();
    expect(baseline).to.not.equal(null);
    expect((await scoreCorpus('readability', baseline!, pages)).f1).to.be.greaterThan(0.9);
  });

  it('reports F1 apart on the pages whose own metadata says they are articles (Open Graph or JSON-LD)', async () => {
    const pages = readCorpus(writeCorpus());
    expect(pages.map((p) => p.article)).to.deep.equal([true, false]);
    const ld = '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"x"}]}</script>';
    expect(declaresArticle(`<html><head>${ld}</head><body></body></html>`)).to.equal(true);
    const website = '<meta property="og:type" content="website">';
    expect(declaresArticle(`<html><head>${website}</head><body></body></html>`)).to.equal(false);
    const ours = await scoreCorpus('finsent', finsentExtractor, pages);
    expect(ours.articlePages.pages).to.equal(1);
    expect(ours.articlePages.f1).to.equal(ours.perPage.find((p) => p.page === 'one')!.f1);
  });

  it('scores every page changed each generic way, counting pages whose F1 fell from the unchanged page', async () => {
    const pages = readCorpus(writeCorpus());
    // An extractor that reads <p> elements only: it must fall on every page when paragraphs become <div>s.
    const pOnly = (html: string) => {
      const $ = cheerio.load(html);
      return {
        title: null,
        byline: null,
        body: $('p')
          .map((_, p) => $(p).text())
          .get()
          .join('\n'),
      };
    };
    const unchanged = await scoreCorpus('p-only', pOnly, pages);
    expect(unchanged.f1).to.equal(1);
    const stress = await stressCorpus(pages, [{ name: 'p-only', extract: pOnly, unchanged }]);
    expect(stress.map((r) => r.change)).to.deep.equal(PAGE_CHANGES.map((c) => c.name));
    const by = (change: string) => stress.find((r) => r.change === change);
    expect(by('paragraphs-as-divs')).to.include({ fell: 2, zeroF1: 2, empty: 2 });
    expect(by('page-in-a-form')).to.include({ fell: 0, f1: 1 });
    // The teaser grid's summaries are <p>s the expected text lacks: precision, and so F1, falls.
    expect(by('teaser-grid')?.f1).to.be.lessThan(0.9);
  });

  it('runs the --stress changes named, in the order given, and refuses an unknown name with the known ones', () => {
    expect(pageChanges('terms-linked, minified').map((c) => c.name)).to.deep.equal(['terms-linked', 'minified']);
    expect(pageChanges()).to.equal(PAGE_CHANGES);
    expect(() => pageChanges('minified,nope')).to.throw(/unknown --stress change nope; use paragraphs-as-divs/);
    expect(() => pageChanges('minified+nope')).to.throw(/unknown --stress change nope;/);
  });

  it('applies changes joined by "+" in turn, as one change named by them all', () => {
    const html = '<html><body><p>One, two.</p>\n<p>Three, four.</p></body></html>';
    const [both] = pageChanges('paragraphs-as-divs+minified');
    const inTurn = pageChanges('minified')[0].apply(pageChanges('paragraphs-as-divs')[0].apply(html));
    expect(both.name).to.equal('paragraphs-as-divs+minified');
    expect(both.apply(html)).to.equal(inTurn).and.not.to.equal(html);
    expect(both.apply(html)).not.to.contain('<p>');
  });

  it('links running text without touching markup inside attributes, and classes only the story column', () => {
    const html =
      '<body><div data-x="<p>one two three four</p>"></div><div class="story"><p>one two three four five</p>' +
      '<p>six <a href="/x">seven eight</a> nine ten</p></div><div class="side"><p>aside</p></div></body>';
    const change = (name: string) => pageChanges(name)[0].apply(html);
    const linked = change('terms-linked');
    expect(linked).to.contain('data-x="<p>one two three four</p>"');
    expect(linked).to.contain('three <a href="/wiki/term-4">four</a> five');
    expect(linked).to.contain('<a href="/x">seven eight</a> nine <a href="/wiki/term-8">ten</a>');
    expect(change('story-column-as-sidebar')).to.contain('<div class="sticky-sidebar"><p>one two');
  });

  it('wraps runs of three paragraphs that share a parent in sections, and leaves paragraphs without an end tag', () => {
    const sections = pageChanges('paragraphs-in-sections')[0].apply;
    const ps = (n: number) => Array.from({ length: n }, (_, i) => `<p>p${i}</p>`).join('');
    expect(sections(`<body><div>${ps(5)}</div><aside>${ps(3)}</aside></body>`)).to.equal(
      '<body><div><section><p>p0</p><p>p1</p><p>p2</p></section><section><p>p3</p><p>p4</p></section></div>' +
        `<aside>${ps(3)}</aside></body>`,
    );
    const unclosed = '<div><p>a<p>b<p>c<p>d</div>';
    expect(sections(unclosed)).to.equal(unclosed);
  });

  it('cuts a story into parts of three paragraphs, three <div>s deep, with an empty ad slot between parts', () => {
    const parts = pageChanges('story-in-parts')[0].apply;
    const ps = (from: number, n: number) => Array.from({ length: n }, (_, i) => `<p>p${from + i}</p>`).join('');
    const part = (inner: string) => `<div class="k7q"><div class="x2f"><div class="m9w">${inner}</div></div></div>`;
    expect(parts(`<body><div>${ps(0, 4)}</div></body>`)).to.equal(
      `<body><div>${part(ps(0, 3))}<div class="r4t"><div id="s1"></div></div>${part(ps(3, 1))}</div></body>`,
    );
  });

  it("sets a story's first two paragraphs apart from the rest, with an empty ad slot between", () => {
    const lead = pageChanges('lead-set-apart')[0].apply;
    const ps = (from: number, n: number) => Array.from({ length: n }, (_, i) => `<p>p${from + i}</p>`).join('');
    expect(lead(`<body><div>${ps(0, 5)}</div><div>${ps(0, 3)}</div></body>`)).to.equal(
      `<body><div><div class="b3v">${ps(0, 2)}</div><div class="r4t"><div id="s1"></div></div>` +
        `<div class="b3v">${ps(2, 3)}</div></div><div>${ps(0, 3)}</div></body>`,
    );
  });

  it('sets one gallery of slides counted 1/12 to 12/12 after the third paragraph, none on a shorter page', () => {
    const show = pageChanges('slideshow')[0].apply;
    const ps = (n: number) => Array.from({ length: n }, (_, i) => `<p>p${i}</p>`).join('');
    const out = show(`<body>${ps(7)}</body>`);
    const counters = [...out.matchAll(/<span>(\d+)\/12<\/span>/g)].map((m) => Number(m[1]));
    expect(counters).to.deep.equal(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(out.indexOf('Markets in pictures')).to.be.above(out.indexOf('<p>p2</p>'));
    expect(out.indexOf('Markets in pictures')).to.be.below(out.indexOf('<p>p3</p>'));
    expect(show(`<body>${ps(2)}</body>`)).to.equal(`<body>${ps(2)}</body>`);
  });

  it('labels the ad slot between the lead and the rest "Advertisement" in lead-beside-labelled-ad', () => {
    const labelled = pageChanges('lead-beside-labelled-ad')[0].apply;
    const ps = (from: number, n: number) => Array.from({ length: n }, (_, i) => `<p>p${from + i}</p>`).join('');
    expect(labelled(`<body><div>${ps(0, 4)}</div></body>`)).to.equal(
      `<body><div><div class="b3v">${ps(0, 2)}</div><div class="r4t"><p class="z1">Advertisement</p>` +
        `<div id="s1"></div></div><div class="b3v">${ps(2, 2)}</div></div></body>`,
    );
  });
});
