import { expect } from 'chai';
import type { DocumentInput } from '../../db/documents.js';
import { pageBack } from '../../ingest/page-back.js';

const doc = (key: string): DocumentInput => ({ source: 's', key, kind: 'social', body: key });

/** A listing of `n` pages, newest first; page i's next cursor is i + 1. */
const listing = (n: number, reachedAt = -1) => {
  const asked: (number | null)[] = [];
  const read = async (cursor: number | null) => {
    asked.push(cursor);
    const i = cursor ?? 0;
    return { items: [doc(`p${i}`)], next: i + 1 < n ? i + 1 : null, reachedStored: i === reachedAt };
  };
  return { asked, read };
};

describe('pageBack', () => {
  it('stops at the page that reaches the stored items, without asking for older ones', async () => {
    const l = listing(10, 2);
    const out = await pageBack(10, l.read);
    expect(out).to.include({ pages: 3, stopped: 'reached' });
    expect(l.asked).to.deep.equal([null, 1, 2]);
    expect(out.items.map((d) => d.key)).to.deep.equal(['p0', 'p1', 'p2']);
  });

  it('stops when the API has no older page, and says so', async () => {
    const out = await pageBack(10, listing(2).read);
    expect(out).to.include({ pages: 2, stopped: 'end' });
  });

  it('reads no more than maxPages, and says the budget ran out only when an older page was there', async () => {
    expect(await pageBack(3, listing(10).read)).to.include({ pages: 3, stopped: 'budget' });
    expect(await pageBack(3, listing(3).read)).to.include({ pages: 3, stopped: 'end' });
  });
});
