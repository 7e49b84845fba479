// Which SAML login owns a sign-in POST: one webRequest listener per partition (Electron allows
// one per session), routing each POST to the login of the window that sent it, so two logins to
// the same IdP never steal each other's assertion (issue 11, Medium 3). No electron import.

export class SamlLoginRegistry<Login> {
  private readonly byPartition = new Map<string, Map<number, Login>>();

  /** Registers a window's login; `first` says the partition needs its one listener now. */
  add(partition: string, webContentsId: number, login: Login): { first: boolean } {
    let logins = this.byPartition.get(partition);
    const first = logins === undefined;
    if (!logins) {
      logins = new Map();
      this.byPartition.set(partition, logins);
    }
    if (logins.has(webContentsId)) {
      throw new Error(`webContents ${webContentsId} already has a SAML login in ${partition}`);
    }
    logins.set(webContentsId, login);
    return { first };
  }

  /** The login a request belongs to: the one of the window that sent it, or none. */
  route(partition: string, webContentsId: number | undefined): Login | undefined {
    if (webContentsId === undefined) return undefined;
    return this.byPartition.get(partition)?.get(webContentsId);
  }

  /** Removes a window's login; `last` says the partition's listener can go. */
  remove(partition: string, webContentsId: number): { last: boolean } {
    const logins = this.byPartition.get(partition);
    if (!logins?.delete(webContentsId)) return { last: false };
    if (logins.size > 0) return { last: false };
    this.byPartition.delete(partition);
    return { last: true };
  }

  /** Partitions with a login in flight. */
  partitions(): string[] {
    return [...this.byPartition.keys()];
  }
}
