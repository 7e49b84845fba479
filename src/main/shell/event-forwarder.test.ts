import { describe, expect, it } from 'vitest';
import { EventForwarder } from './event-forwarder';

describe('event forwarder', () => {
  it('queues events until the renderer is ready, then flushes them in order', () => {
    const forwarder = new EventForwarder();
    const sent: string[] = [];
    forwarder.forward('session:removed', { id: 'a' });
    forwarder.forward('notification', { level: 'info', message: 'hi' });
    expect(sent).toEqual([]);
    forwarder.ready((event) => sent.push(event));
    expect(sent).toEqual(['session:removed', 'notification']);
    forwarder.forward('session:removed', { id: 'b' });
    expect(sent).toHaveLength(3);
  });

  it('queues again after the page reloads', () => {
    const forwarder = new EventForwarder();
    const first: string[] = [];
    forwarder.ready((event) => first.push(event));
    forwarder.reset();
    forwarder.forward('session:removed', { id: 'a' });
    expect(first).toEqual([]);
    const second: string[] = [];
    forwarder.ready((event) => second.push(event));
    expect(second).toEqual(['session:removed']);
  });
});
