import { expect } from 'chai';
import { normalizeNews, normalizeSocial } from '../../nlp/normalize.js';
import { splitSentences, unitsOf } from '../../nlp/units.js';

describe('nlp/normalize', () => {
  it('maps StockNet’s pre-tokenised tweets back to raw-tweet form', () => {
    expect(normalizeSocial('rt AT_USER $ aapl is going down hard , sell now ! URL', { pretokenised: true })).to.equal(
      'rt @user $AAPL is going down hard, sell now! https://t.co',
    );
  });

  it('leaves raw posts as the model was trained on them: links and mentions stay, cashtags are upper-cased', () => {
    expect(normalizeSocial('  @jim  $tsla to the moon\n https://t.co/abc ')).to.equal(
      '@jim $TSLA to the moon https://t.co/abc',
    );
  });

  it('only collapses whitespace in news text', () => {
    expect(normalizeNews(' Operating profit rose\r\n to EUR 13.1 mn. ')).to.equal(
      'Operating profit rose to EUR 13.1 mn.',
    );
  });
});

describe('nlp/units', () => {
  it('scores a news title on its own and its body sentence by sentence', () => {
    const u = unitsOf({
      id: 1,
      kind: 'news',
      title: 'Fed lifts rates',
      body: 'The Fed raised rates on Wednesday. It signalled three more hikes in 2017. Markets fell.',
    });
    expect(u.map((x) => [x.part, x.text])).to.deep.equal([
      ['title', 'Fed lifts rates'],
      ['body', 'The Fed raised rates on Wednesday.'],
      ['body', 'It signalled three more hikes in 2017. Markets fell.'],
    ]);
  });

  it('keeps a social post as one unit, title and body together', () => {
    expect(unitsOf({ id: 2, kind: 'social', title: 'YOLO', body: 'calls on $spy' }).map((x) => x.text)).to.deep.equal([
      'YOLO. calls on $SPY',
    ]);
  });

  it('keeps abbreviations such as "mn." inside a sentence and merges fragments under three words', () => {
    expect(splitSentences('Net sales rose to EUR 13.1 mn from EUR 8.7 mn. Profit fell.')).to.deep.equal([
      'Net sales rose to EUR 13.1 mn from EUR 8.7 mn. Profit fell.',
    ]);
  });

  it('gives the first sentences of a text as splitting all of it would, fragments after the last one merged', () => {
    const text = 'Sales rose at Acme. Costs fell a lot. Too bad. Margins widened by a point. Guidance held steady.';
    const all = splitSentences(text);
    expect(all).to.deep.equal([
      'Sales rose at Acme.',
      'Costs fell a lot. Too bad.',
      'Margins widened by a point.',
      'Guidance held steady.',
    ]);
    for (const max of [1, 2, 3, 4, 10])
      expect(splitSentences(text, max), `max ${max}`).to.deep.equal(all.slice(0, max));
  });

  it('segments only a window of a long body that can hold its 64 sentences, not all of it', () => {
    // V8's segmenter takes time linear in the whole text per sentence: a 5 MB body took minutes to split whole.
    // This body (266 KB) is twice the window.
    const segment = Intl.Segmenter.prototype.segment;
    const seen: number[] = [];
    Intl.Segmenter.prototype.segment = function (this: Intl.Segmenter, input: string) {
      seen.push(input.length);
      return segment.call(this, input);
    };
    let units: ReturnType<typeof unitsOf>;
    try {
      units = unitsOf({
        id: 3,
        kind: 'filing',
        title: null,
        body: 'Acme beats estimates on strong sales. '.repeat(7_000),
      });
    } finally {
      Intl.Segmenter.prototype.segment = segment;
    }
    expect(units).to.have.length(64);
    expect(units.every((u) => u.text === 'Acme beats estimates on strong sales.')).to.equal(true);
    expect(seen).to.have.length(1);
    expect(seen[0]).to.be.at.most(64 * 2000);
  });
});
