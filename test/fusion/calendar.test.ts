import { expect } from 'chai';
import {
  cutoff,
  isTradingDay,
  makeDayAssigner,
  nyseHolidays,
  tradingDaysBetween,
  zonedTime,
} from '../../fusion/calendar.js';

describe('fusion/calendar', () => {
  it('knows NYSE holidays including Good Friday and observed dates', () => {
    expect([...nyseHolidays(2015)]).to.deep.equal([
      '2015-01-01',
      '2015-01-19',
      '2015-02-16',
      '2015-04-03',
      '2015-05-25',
      '2015-07-03',
      '2015-09-07',
      '2015-11-26',
      '2015-12-25',
    ]);
    expect(nyseHolidays(2022).has('2022-06-20')).to.equal(true); // Juneteenth observed on Monday
    expect(nyseHolidays(2022).has('2021-12-31')).to.equal(false);
  });

  it('matches the 440 sessions StockNet’s price files hold for 2014-2015 (to 2015-09-30)', () => {
    expect(tradingDaysBetween('2014-01-01', '2015-09-30')).to.have.length(440);
    expect(isTradingDay('2015-04-03')).to.equal(false);
  });

  it('puts the default cut-off at the previous session’s 16:00 US/Eastern, across DST', () => {
    expect(cutoff('2015-03-09').toISOString()).to.equal('2015-03-06T21:00:00.000Z'); // Monday: Friday's close, EST
    expect(cutoff('2015-03-10').toISOString()).to.equal('2015-03-09T20:00:00.000Z'); // after DST began: EDT
    expect(cutoff('2015-03-10', 'open').toISOString()).to.equal('2015-03-10T13:30:00.000Z');
    expect(zonedTime('2015-11-02', '16:00').toISOString()).to.equal('2015-11-02T21:00:00.000Z');
  });
});

describe('fusion point-in-time assignment', () => {
  const days = tradingDaysBetween('2015-03-02', '2015-03-13');
  const assign = makeDayAssigner(days);

  it('a document one second before the cut-off counts for that day, one second after for the next', () => {
    // Tuesday 2015-03-10's cut-off is Monday 16:00 EDT = 20:00:00Z.
    expect(assign('2015-03-09T19:59:59.000Z')).to.equal('2015-03-10');
    expect(assign('2015-03-09T20:00:00.000Z')).to.equal('2015-03-11');
    expect(assign('2015-03-09T20:00:01.000Z')).to.equal('2015-03-11');
  });

  it('rolls a weekend into the session after Monday (Monday’s cut-off is Friday’s close)', () => {
    expect(assign('2015-03-06T20:59:59.000Z')).to.equal('2015-03-09'); // Friday before close -> Monday
    expect(assign('2015-03-06T21:00:01.000Z')).to.equal('2015-03-10'); // Friday after close -> Tuesday
    expect(assign('2015-03-07T12:00:00.000Z')).to.equal('2015-03-10'); // Saturday -> Tuesday
    expect(assign('2015-03-09T13:00:00.000Z')).to.equal('2015-03-10'); // Monday pre-open -> Tuesday
  });

  it('with the open cut-off, a weekend post counts for Monday but nothing after Monday’s open does', () => {
    const a = makeDayAssigner(days, 'open');
    expect(a('2015-03-07T12:00:00.000Z')).to.equal('2015-03-09');
    expect(a('2015-03-09T13:29:59.000Z')).to.equal('2015-03-09');
    expect(a('2015-03-09T13:30:01.000Z')).to.equal('2015-03-10');
  });
});
