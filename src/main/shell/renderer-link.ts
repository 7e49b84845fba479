// The shell's wiring between the renderer page and the core, with no electron in it: each invoke
// message goes through the IPC router; `app:ready` starts event delivery to the page that sent it;
// a page that goes away gets events queued again. electron/ipc-main.ts adapts it to ipcMain, and
// the e2e harness calls it as it is, so the harness tests the shell's own routing.
import type { Result } from '../../shared/errors';
import type { NotificationEvent } from '../../shared/ipc-contract';
import type { CoreEvents } from '../core-events';
import {
  UNTRUSTED_SENDER_RESULT,
  createIpcRouter,
  type IpcRouter,
  type IpcRouterOptions,
} from '../ipc/ipc-router';
import { EventForwarder, type SendEvent } from './event-forwarder';

/** The page a message came from, as the adapter knows it. */
export interface RendererPage {
  /** The sending frame's URL; undefined when the adapter saw it is not the app window's top frame. */
  url: string | undefined;
  /** Delivers an event to this page. */
  send: SendEvent;
}

const MALFORMED: Result<never> = {
  ok: false,
  error: { code: 'VALIDATION', message: 'Malformed request.' },
};

export class RendererLink {
  private readonly forwarder = new EventForwarder();
  private readonly unsubscribe: () => void;

  /** `startup`: notifications the core emitted before this link listened, delivered first. */
  constructor(
    private readonly router: IpcRouter,
    events: Pick<CoreEvents, 'onAny'>,
    startup: readonly NotificationEvent[] = [],
  ) {
    for (const notice of startup) this.forwarder.forward('notification', notice);
    this.unsubscribe = events.onAny((event, payload) => this.forwarder.forward(event, payload));
  }

  /** One `{ channel, payload }` message off the wire, answered with the router's Result. */
  async invoke(message: unknown, from: RendererPage): Promise<Result<unknown>> {
    if (from.url === undefined) return UNTRUSTED_SENDER_RESULT;
    if (typeof message !== 'object' || message === null || !('channel' in message))
      return MALFORMED;
    const { channel, payload } = message as { channel: unknown; payload?: unknown };
    const result = await this.router.invoke(channel, payload, { url: from.url });
    // The router checked the sender, so only our page can start delivery to itself.
    if (channel === 'app:ready' && result.ok) this.forwarder.ready(from.send);
    return result;
  }

  /** The page reloaded, crashed or closed: hold events until it says `app:ready` again. */
  pageGone(): void {
    this.forwarder.reset();
  }

  dispose(): void {
    this.unsubscribe();
    this.forwarder.reset();
  }
}

/** The router for these options, linked to the core's events. */
export function createRendererLink(options: IpcRouterOptions): RendererLink {
  return new RendererLink(
    createIpcRouter(options),
    options.core.events,
    options.core.startupNotices,
  );
}
