import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date.
// The docs tables print dates the way PowerShell renders them (4/7/2023 2:53:14 PM); ARM returns ISO 8601.
const now = new Date('2019-03-05T17:53:18Z');
const cases: [string, unknown][] = [
  ["[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')]", '2023-04-07T14:53:14Z'],
  ["[dateTimeAdd('2020-04-07 14:53:14Z', '-P9D')]", '2020-03-29T14:53:14Z'],
  ["[dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H')]", '2020-04-07T15:53:14Z'],
  ["[dateTimeAdd('2020-01-31T00:00:00Z', 'P1M', 'yyyy-MM-dd')]", '2020-02-29'],
  ['[dateTimeFromEpoch(1683040573)]', '2023-05-02T15:16:13Z'],
  ["[dateTimeToEpoch('2023-05-02T15:16:13Z')]", 1683040573],
  ['[utcNow()]', '20190305T175318Z'],
  ["[utcNow('u')]", '2019-03-05 17:53:18Z'],
  ["[utcNow('d')]", '3/5/2019'],
];

describe('date functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(run(expression, { now })).toEqual(expected);
  });

  it('utcNow() without a clock is the time of deployment: Unknown', () => {
    const value = run('[utcNow()]');
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).reason).toMatch(/time of the deployment/);
  });
});
