import { describe, expect, it } from 'vitest';
import { secretKinds } from '../../src/rules/shared/secrets.js';

describe('secretKinds', () => {
  it('finds a connection string with its password, and says only the kind', () => {
    expect(secretKinds('export DB="Server=tcp:sql01.database.windows.net,1433;Initial Catalog=app;User ID=app;Password=Pa55word!x;"')).toEqual([
      'connection string',
    ]);
    expect(secretKinds('Host=db01;Port=5432;Database=app;Username=app')).toEqual([]);
  });

  it('reads a long hostile line in time linear in it (each `Host=` once, not a scan to the line end)', () => {
    // 1.4 MB on one line: with the unbounded pattern, about 10^11 steps.
    expect(secretKinds('Host=a;'.repeat(200_000))).toEqual([]);
  });
});
