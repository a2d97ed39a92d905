import { expect } from 'chai';
import { NonRetryableError } from '../../core/errors.js';
import { mapLabels } from '../../nlp/labels.js';

describe('nlp/labels', () => {
  it('maps labels by name, whatever their order (FinBERT: positive, negative, neutral)', () => {
    expect(mapLabels({ 0: 'positive', 1: 'negative', 2: 'neutral' }, 'finbert')).to.deep.equal([0, 1, 2]);
    expect(mapLabels({ 0: 'NEGATIVE', 1: 'Neutral', 2: 'Positive' }, 'x')).to.deep.equal([2, 0, 1]);
    expect(mapLabels({ 0: 'Bearish', 1: 'Bullish', 2: 'neutral' }, 'x')).to.deep.equal([1, 0, 2]);
  });
  it('refuses a model whose labels cannot be mapped, naming them', () => {
    expect(() => mapLabels({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' }, 'some/model')).to.throw(
      NonRetryableError,
      /some\/model: labels \["LABEL_0","LABEL_1","LABEL_2"\] cannot be mapped/,
    );
    expect(() => mapLabels(undefined, 'm')).to.throw(NonRetryableError, /no id2label/);
  });
});
