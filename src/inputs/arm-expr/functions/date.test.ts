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
  ["[dateTimeAdd('2020-01-31T00:00:00Z', 'P1M', 'yyyy-MM-dd')]", '2020-03-01'],
  // Remarks: "P1Y should be interpreted as P365D, while P1M should be interpreted as P30D".
  ["[dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y')]", '2024-01-01T00:00:00Z'],
  ["[dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')]", '2024-12-31T00:00:00Z'],
  ["[dateTimeAdd('2023-02-01 00:00:00Z', 'P1M')]", '2023-03-03T00:00:00Z'],
  ["[dateTimeAdd('2024-02-01 00:00:00Z', 'P1M')]", '2024-03-02T00:00:00Z'],
  ['[dateTimeFromEpoch(1683040573)]', '2023-05-02T15:16:13Z'],
  ["[dateTimeToEpoch('2023-05-02T15:16:13Z')]", 1683040573],
  // utcNow(): "If no format is provided, the ISO 8601 (yyyyMMddTHHmmssZ) format is used"; dateTimeAdd
  // and dateTimeToEpoch take an ISO 8601 timestamp.
  ["[dateTimeAdd(utcNow(), 'PT1H')]", '2019-03-05T18:53:18Z'],
  ["[dateTimeToEpoch('20230502T151613Z')]", 1683040573],
  ['[utcNow()]', '20190305T175318Z'],
  ["[utcNow('u')]", '2019-03-05 17:53:18Z'],
  ["[utcNow('d')]", '03/05/2019'],
  ["[utcNow('M d')]", '3 5'],
  ["[utcNow('G')]", '03/05/2019 17:53:18'],
  // The other standard formats (invariant culture) and custom specifiers, as .NET writes them.
  ["[utcNow('M')]", 'March 05'],
  ["[utcNow('y')]", '2019 March'],
  ["[utcNow('R')]", 'Tue, 05 Mar 2019 17:53:18 GMT'],
  ["[utcNow('F')]", 'Tuesday, 05 March 2019 17:53:18'],
  ["[utcNow('yyyy-MM-ddTHH:mm:ssK')]", '2019-03-05T17:53:18Z'],
  ["[utcNow('HH:mm zzz')]", '17:53 +00:00'],
  ["[utcNow('h t, hh tt')]", '5 P, 05 PM'],
  ["[utcNow('d/M/y')]", '5/3/19'],
  ["[utcNow('yyy yyyyy')]", '2019 02019'],
  ["[utcNow('%d')]", '5'],
  ["[utcNow('ss.fff|ss.FFF|ddd MMM')]", '18.000|18|Tue Mar'],
];

describe('date functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(run(expression, { now })).toEqual(expected);
  });

  it('rejects a one-character format that is no standard format, as .NET does', () => {
    expect(() => run("[utcNow('x')]", { now })).toThrow(/'x' is not a standard date and time format/);
  });

  it('utcNow() without a clock is the time of deployment: Unknown', () => {
    const value = run('[utcNow()]');
    expect(value).toBeInstanceOf(Unknown);
    expect((value as Unknown).reason).toMatch(/time of the deployment/);
  });
});
