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
