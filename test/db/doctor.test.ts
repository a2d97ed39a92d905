import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { upsertDocuments } from '../../db/documents.js';
import { diagnose } from '../../db/doctor.js';
import { openStore } from '../../db/store.js';

describe('db/doctor', () => {
  const doc = (key: string, publishedAt: string) => ({
    source: 's',
    key,
    kind: 'news' as const,
    body: 'x',
    publishedAt,
  });

  it('passes a sound store, and names documents dated at the epoch, before 1900 or days after now', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'doctor-')), 'd.db');
    const store = openStore(file);
    store.tx(() => upsertDocuments(store.db, [doc('ok', '2015-01-02T00:00:00.000Z')], 't'));
    store.close();
    expect(diagnose(file)).to.deep.include({ ok: true, problems: [] });
    // Stored before the importers refused such dates; one of them made aggregate run for hours.
    const bad = ['0001-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z', '1970-01-01T00:00:00.000Z'];
    const again = openStore(file);
    again.tx(() =>
      upsertDocuments(
        again.db,
        bad.map((d, i) => doc(`bad${i}`, d)),
        't',
      ),
    );
    again.close();
    const r = diagnose(file);
    expect(r.ok).to.equal(false);
    expect(r.problems).to.have.length(1);
    expect(r.problems[0]).to.match(/^publication dates: 3 documents dated at the epoch, before 1900 or days after now/);
  });
});
