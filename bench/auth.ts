/**
 * Headers that authenticate the benchmark's requests. The API has no
 * authentication yet, so there is nothing to send.
 */
export async function authenticate(_baseUrl: string): Promise<Record<string, string>> {
  return {};
}
