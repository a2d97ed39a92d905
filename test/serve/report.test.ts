import { expect } from 'chai';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openStore } from '../../db/store.js';
import { upsertPrices } from '../../db/prices.js';
import { upsertDocuments } from '../../db/documents.js';
import { tradingDaysBetween } from '../../fusion/calendar.js';
import { writeReport } from '../../serve/report.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

describe('serve/report', function () {
  this.timeout(120_000);
  it('writes a self-contained page whose charts render in headless Chromium', async function () {
    if (!CHROMIUM) this.skip(); // .ci/run installs Debian's chromium; without it this check cannot run
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-06-01', '2015-09-30');
    for (const t of ['AAA', 'BBB']) {
      upsertPrices(
        s.db,
        days.map((day, i) => ({
          ticker: t,
          day,
          open: 10 + i,
          high: 11 + i,
          low: 9 + i,
          close: 10 + i,
          adj_close: 10 + i * (t === 'AAA' ? 1 : -0.05),
          volume: 100,
        })),
        'test',
      );
      const ins = s.db.prepare(
        "INSERT INTO daily_sentiment (ticker, day, model_id, n, mean_score) VALUES (?, ?, 'm', ?, ?)",
      );
      days.forEach((d, i) => ins.run(t, d, i % 3, i % 3 ? Math.sin(i / 5) : null));
      days.slice(-30).forEach((d, i) =>
        s.db
          .prepare(
            `INSERT INTO signals (ticker, day, model_id, p_up, direction, confidence, created_at) VALUES (?, ?,
                'f', ?, ?, 0.1, 't')`,
          )
          .run(t, d, i % 2 ? 0.6 : 0.4, i % 2 ? 'up' : 'down'),
      );
    }
    const [id] = upsertDocuments(s.db, [{ source: 'src', key: 'k', kind: 'news', title: 'x', body: 'y' }], 't').ids;
    s.db
      .prepare(
        `INSERT INTO sentiment_scores (document_id, model_id, p_positive, p_negative, p_neutral, label, score,
          scored_at) VALUES (?, 'm', 0.8, 0.1, 0.1, 'positive', 0.7, 't')`,
      )
      .run(id);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.html');
    const r = await writeReport(s, file);
    expect(r.charts).to.equal(3 + 2); // backtest, 2 bar charts, price and sentiment overlaid per ticker

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file:')) requests.push(req.url());
      });
      await page.goto(`file://${file}`);
      const drawn = await page.evaluate(() => ({
        charts: document.querySelectorAll('figure.chart svg').length,
        lines: [...document.querySelectorAll<SVGPathElement>('path.series')].map((p) => p.getTotalLength()),
        bars: [...document.querySelectorAll<SVGRectElement>('rect.bar')].map((b) => b.getBBox().width),
        visible: [...document.querySelectorAll('figure.chart svg')].every(
          (svg) => svg.getBoundingClientRect().width > 100 && svg.getBoundingClientRect().height > 50,
        ),
      }));
      expect(drawn.charts).to.equal(5);
      expect(drawn.lines.length).to.equal(2 + 2 * 2);
      expect(
        drawn.lines.every((l) => l > 50),
        `line lengths ${drawn.lines}`,
      ).to.equal(true);
      expect(drawn.bars.length).to.be.greaterThan(0);
      expect(drawn.bars.every((w) => w > 0)).to.equal(true);
      expect(drawn.visible).to.equal(true);
      expect(requests, 'the page is self-contained').to.deep.equal([]);
      if (process.env.FINSENT_SCREENSHOT)
        await page.screenshot({ path: process.env.FINSENT_SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
