import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extractArticle } from '../../ingest/article.js';
import { data } from './helpers.js';

describe('full data: article extraction over news-fixtures/html', () => {
  const dir = data('news-fixtures', 'html');
  it('extracts a title and a body of real length from every page in the folder', () => {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.html')) : [];
    expect(files.length).to.be.greaterThan(5);
    for (const f of files) {
      const a = extractArticle(readFileSync(`${dir}/${f}`));
      expect(a.title, f).to.be.a('string').and.have.length.greaterThan(10);
      expect(a.body.length, f).to.be.greaterThan(1000);
    }
  });
});

describe('full data: extraction over Readability’s test corpus', function () {
  this.timeout(120_000);
  it('keeps body token F1 at or above 0.95 with no empty body, measured as finsent eval extraction does', async () => {
    const { finsentExtractor, readCorpus, scoreCorpus } = await import('../../ingest/eval-corpus.js');
    const pages = readCorpus(data('readability-test-pages'));
    expect(pages.length).to.be.greaterThan(100);
    const r = await scoreCorpus('finsent', finsentExtractor, pages);
    expect(r.f1).to.be.at.least(0.95);
    expect(r.empty).to.equal(0);
    expect(r.zeroF1).to.equal(0);
  });

  /** Each named --stress change applied to every page leaves no page at F1 = 0 and corpus F1 at 0.95 or above. */
  async function expectNoPageLost(names: string[]) {
    const { finsentExtractor, readCorpus, scoreCorpus } = await import('../../ingest/eval-corpus.js');
    const { PAGE_CHANGES, stressCorpus } = await import('../../ingest/eval-stress.js');
    const pages = readCorpus(data('readability-test-pages'));
    const unchanged = await scoreCorpus('finsent', finsentExtractor, pages);
    const changes = PAGE_CHANGES.filter((c) => names.includes(c.name));
    const reports = await stressCorpus(pages, [{ name: 'finsent', extract: finsentExtractor, unchanged }], changes);
    expect(reports).to.have.length(names.length);
    for (const r of reports) {
      expect(r.zeroF1, r.change).to.equal(0);
      expect(r.f1, r.change).to.be.at.least(0.95);
    }
  }

  it('loses no page to a consent banner, a teaser list or a card grid added to every page', () =>
    expectNoPageLost(['consent-banner', 'teaser-grid', 'teaser-cards']));

  it('loses no page when the column holding most paragraphs is classed as a sidebar', () =>
    expectNoPageLost(['story-column-as-sidebar']));

  it('loses no page when every fourth word of running text is a link', () => expectNoPageLost(['terms-linked']));

  it('loses no page when a subscription pitch with two links sits after the third paragraph', () =>
    expectNoPageLost(['subscription-pitch']));

  it('loses no page when an inline gallery of 12 captioned slides sits after the third paragraph', () =>
    expectNoPageLost(['slideshow']));

  it('loses no page when a captioned photo sits after every fourth paragraph', () =>
    expectNoPageLost(['captioned-photos']));

  it('loses no page when every page is minified, wraps each paragraph in a div or sets "Related:" lines', () =>
    expectNoPageLost(['minified', 'paragraphs-wrapped', 'related-links']));

  it('loses no page when paragraphs are written as <span>s or split by <br><br> instead of <p>s', () =>
    expectNoPageLost(['paragraphs-as-spans', 'paragraphs-as-br-lines']));

  it("loses no page when every paragraph's text is wrapped in a <span>, or every <div> is a custom element", () =>
    expectNoPageLost(['paragraph-text-in-spans', 'divs-as-custom-elements']));

  it('loses no page when paragraphs are <div>s whose lines a <br> breaks every eight words', () =>
    expectNoPageLost(['paragraphs-as-hard-wrapped-divs']));

  /** The named pages, each changed by `change` ('a+b'), each read at `floor` F1 or above. */
  async function expectPagesRead(change: string, names: string[], floor: number) {
    const { finsentExtractor, readCorpus, scoreCorpus } = await import('../../ingest/eval-corpus.js');
    const { pageChanges } = await import('../../ingest/eval-stress.js');
    const [changed] = pageChanges(change);
    const pages = readCorpus(data('readability-test-pages')).filter((p) => names.includes(p.name));
    expect(pages).to.have.length(names.length);
    const r = await scoreCorpus(
      'finsent',
      finsentExtractor,
      pages.map((p) => ({ ...p, html: changed.apply(p.html) })),
    );
    for (const page of r.perPage) expect(page.f1, page.page).to.be.at.least(floor);
  }

  // The pages the two changes together cut to one part before the parts' text counted its links (0.49-0.85).
  it('reads stories cut into parts that link every fourth word, their links counted as text', () =>
    expectPagesRead(
      'story-in-parts+terms-linked',
      ['cnet', 'spiceworks', 'table-style-attributes', 'wikipedia-3'],
      0.9,
    ));

  // The fallback kept one of these stories' parts before the <div>s were read as paragraphs (0.53-0.91).
  it('reads a story of <div>s in parts, meaningless class names aside, whole, not one part', () =>
    expectPagesRead('paragraphs-as-divs+class-names-hashed', ['telegraph', 'nytimes-2', 'buzzfeed-1'], 0.95));

  it("loses no page when every page's body is set in a form or in one table cell", () =>
    expectNoPageLost(['page-in-a-form', 'page-in-a-table']));
});
