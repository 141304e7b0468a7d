import { describe, expect, it } from 'vitest';
import { INTERNET, parseCidr, PUBLIC_V6 } from './addresses.js';

describe('IPv6 public space', () => {
  // A VNet's ace:cab:deca::/48 (Microsoft's IPv6 quickstarts) was Internet space, so AllowVnetInBound
  // on a VM with an IPv6 public IP read as "reachable from some Internet sources".
  it.each(['ace:cab:deca::/48', 'fd00:db8:deca::/48', 'fe80::/64', 'ff02::1/128', '::1/128'])('%s is not on the Internet', (cidr) => {
    expect(INTERNET.overlaps(parseCidr(cidr) as NonNullable<ReturnType<typeof parseCidr>>)).toBe(false);
  });
  it.each(['2001:db8::/32', '2603:1030::/32', '3fff::/20'])('%s (global unicast) is', (cidr) => {
    expect(PUBLIC_V6.covers(parseCidr(cidr) as NonNullable<ReturnType<typeof parseCidr>>)).toBe(true);
  });
});
