import { expect } from 'chai';
import { extractArticle } from '../../ingest/article.js';

const body = `<p>${'Revenue rose, margins widened, and guidance was raised for the year. '.repeat(8)}</p>`;
const titleOf = (head: string, top = '') =>
  extractArticle(`<html><head>${head}</head><body>${top}<article>${body}</article></body></html>`).title;
const ld = (o: object) =>
  `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', ...o })}</script>`;

describe('article title: structured first, where it agrees with the page title', () => {
  it('keeps the JSON-LD headline when it agrees with <title>', () => {
    const head = `<title>Fed lifts rates by a quarter point | Daily Wire</title>${ld({ headline: 'Fed lifts rates' })}`;
    expect(titleOf(head, '<h1>Markets</h1>')).to.equal('Fed lifts rates');
  });

  it('passes over a JSON-LD headline that holds a description for an Open Graph title that agrees', () => {
    const head =
      '<title>List of films featuring time loops - Encyclopedia</title>' +
      '<meta property="og:title" content="List of films featuring time loops">' +
      ld({ headline: 'Wikimedia list article' });
    expect(titleOf(head)).to.equal('List of films featuring time loops');
  });

  it('takes <title> over an <h1> that is a section label, and cuts the site name after the last separator', () => {
    const head = '<title>Babies who eat peanuts early may avoid allergy - Health Center - WebSite</title>';
    expect(titleOf(head, '<h1>Allergies Health Center</h1>')).to.equal(
      'Babies who eat peanuts early may avoid allergy - Health Center',
    );
  });

  it('drops the site name that a meta title carries as the <title> does, after the headline or before it', () => {
    const after = '<title>Fed lifts rates by a quarter point | Daily Wire</title>';
    const og = (t: string) => `<meta property="og:title" content="${t}">`;
    expect(titleOf(after + og('Fed lifts rates by a quarter point | Daily Wire'))).to.equal(
      'Fed lifts rates by a quarter point',
    );
    const before = '<title>Daily Wire | Fed lifts rates by a quarter point</title>';
    expect(titleOf(before + og('Daily Wire | Fed lifts rates by a quarter point'))).to.equal(
      'Fed lifts rates by a quarter point',
    );
    expect(titleOf(before)).to.equal('Fed lifts rates by a quarter point');
  });

  it('cuts only the segments that are the site name the page declares, at either end', () => {
    const site = (name: string) => `<meta property="og:site_name" content="${name}">`;
    expect(titleOf(`<title>Apple - Q3 results beat</title>${site('Reuters')}`)).to.equal('Apple - Q3 results beat');
    expect(titleOf(`<title>Apple - Q3 results beat - Reuters.com</title>${site('Reuters')}`)).to.equal(
      'Apple - Q3 results beat',
    );
    expect(titleOf(`<title>The Daily Wire | Apple - Q3 results beat</title>${site('Daily Wire')}`)).to.equal(
      'Apple - Q3 results beat',
    );
  });

  it('keeps a separator inside the headline when the site name is cut', () => {
    const head = '<title>Friday Facts #282 - 0.17 in sight | Factorio</title>';
    const og = '<meta property="og:title" content="Friday Facts #282 - 0.17 in sight | Factorio">';
    expect(titleOf(`${head}${og}`)).to.equal('Friday Facts #282 - 0.17 in sight');
  });

  it('does not take a bare site name that appears in <title>', () => {
    const head =
      '<title>Standalone WebAssembly binaries using Emscripten · V8</title><meta property="og:title" content="V8">';
    expect(titleOf(head, '<h1>Outside the web: standalone WebAssembly binaries using Emscripten</h1>')).to.equal(
      'Outside the web: standalone WebAssembly binaries using Emscripten',
    );
  });

  it('keeps the headline <h1> when <title> is only the site name', () => {
    expect(titleOf('<title>Reuters</title>', '<h1>Oil falls as inventories build for a third week</h1>')).to.equal(
      'Oil falls as inventories build for a third week',
    );
    const structured = '<title>Reuters</title><meta property="og:title" content="Oil falls again">';
    expect(titleOf(structured, '<h1>Markets</h1>')).to.equal('Oil falls again');
  });

  it('does not take an icon’s <svg><title> for the page title', () => {
    // With no page <title>, "Close" would tie with the one-word <h1> and win as the page's title.
    const icon = '<svg><title>Close</title><path d="M0 0"/></svg>';
    expect(titleOf('', `${icon}<h1>Markets</h1>`)).to.equal('Markets');
  });

  it('falls back to the structured title or the <h1> when there is no <title>', () => {
    expect(titleOf(ld({ headline: 'Fed lifts rates' }), '<h1>Markets</h1>')).to.equal('Fed lifts rates');
    expect(titleOf('', '<h1>Fed lifts rates</h1>')).to.equal('Fed lifts rates');
  });
});
