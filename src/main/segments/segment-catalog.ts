// Saved filters in the store (core.segments): each change re-reads and writes under the store's lock.
import type { SessionStore } from '../store/session-store';
import { AirlockError } from '../airlock-error';
import {
  sameSegmentName,
  segmentInputSchema,
  segmentNameSchema,
  type SegmentInput,
  type SegmentView,
} from '../../shared/segments';
import { planRemove, planRename, planSave } from './segment-plan';

export class SegmentCatalog {
  constructor(private readonly store: SessionStore) {}

  list(): SegmentView[] {
    return this.store.read().segments ?? [];
  }

  /** Saves a new segment; with `replace`, one of the same name takes its filter and grouping. */
  async save(input: SegmentInput, options: { replace?: boolean } = {}): Promise<SegmentView> {
    const { name, filter, grouping = 'none' } = segmentInputSchema.parse(input);
    // Blank text narrows nothing: it is not kept.
    const { text, ...fields } = filter;
    const words = text?.trim();
    const segment: SegmentView = {
      name,
      filter: words ? { ...fields, text: words } : fields,
      grouping,
    };
    await this.store.update((data) => {
      data.segments = planSave(data.segments ?? [], segment, options.replace ?? false);
    });
    return segment;
  }

  async rename(name: string, newName: string): Promise<SegmentView> {
    const next = segmentNameSchema.parse(newName);
    return this.store.update((data) => {
      const segments = planRename(data.segments ?? [], name, next);
      data.segments = segments;
      const renamed = segments.find((s) => sameSegmentName(s.name, next));
      if (!renamed) throw new AirlockError('INTERNAL', `The saved filter ${next} was lost.`);
      return renamed;
    });
  }

  async remove(name: string): Promise<{ name: string }> {
    await this.store.update((data) => {
      data.segments = planRemove(data.segments ?? [], name);
    });
    return { name };
  }
}
