import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { NonRetryableError } from './errors.js';

/** Resolves a host name to every address it has (injected in tests). */
export type LookupFn = (host: string) => Promise<string[]>;

export const systemLookup: LookupFn = async (host) => (await dnsLookup(host, { all: true })).map((a) => a.address);

/** True for loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses. */
export function isInternalAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  // ipaddr.process unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1), which would otherwise pass as "ipv4Mapped".
  return ipaddr.process(address).range() !== 'unicast';
}

/**
 * Decides whether finsent may fetch a URL: http(s) only, and never a host inside the machine or its network
 * (loopback, private, link-local, ...) unless the config lists it in `http.allowPrivateHosts` ("*" allows all).
 * This stops a feed redirect or an article link from reaching an internal service (server-side request
 * forgery). Names are resolved and every address is checked, so `localhost` or a name pointing at 10.0.0.1 is
 * refused too. (A name that resolves differently at connect time is not caught; allow-list by IP to be sure.)
 */
export class NetGuard {
  private readonly allowed: Set<string>;
  constructor(
    allowPrivateHosts: readonly string[] = [],
    private readonly lookup: LookupFn = systemLookup,
  ) {
    this.allowed = new Set(allowPrivateHosts.map((h) => h.toLowerCase()));
  }

  /** Throws NonRetryableError naming the URL and the reason when it may not be fetched. */
  async check(url: URL): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new NonRetryableError(`refusing ${url.href}: only http and https URLs are fetched`);
    if (this.allowed.has('*')) return;
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.allowed.has(host)) return;
    let addresses: string[];
    if (ipaddr.isValid(host)) addresses = [host];
    else {
      try {
        addresses = await this.lookup(host);
      } catch {
        return; // an unresolvable name cannot reach anything; fetch reports the DNS failure itself
      }
    }
    const internal = addresses.find((a) => isInternalAddress(a) && !this.allowed.has(a));
    if (internal)
      throw new NonRetryableError(
        `refusing ${url.href}: ${host} is an internal address (${internal}); ` +
          'list it in http.allowPrivateHosts to allow',
      );
  }
}
