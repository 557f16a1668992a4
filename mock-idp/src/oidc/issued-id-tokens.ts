/**
 * The last id_token each client got for each user from one authorization server, so a fault can
 * replay it on the next sign-in (`id-token-replay`). Kept always, because the sign-in worth
 * replaying is the clean one before the fault was set; bounded, oldest pairs forgotten first.
 */
export class IssuedIdTokens {
  private readonly last = new Map<string, string>();

  constructor(private readonly maxPairs = 1000) {}

  /** Remembers `token` as the latest for the pair and returns the one before it. */
  swap(clientId: string, userId: string, token: string): string | undefined {
    const key = `${clientId}\n${userId}`;
    const previous = this.last.get(key);
    // Delete first so the pair moves to the newest end of the insertion order.
    this.last.delete(key);
    this.last.set(key, token);
    for (const oldest of this.last.keys()) {
      if (this.last.size <= this.maxPairs) break;
      this.last.delete(oldest);
    }
    return previous;
  }
}
