// Times named methods of real classes while a benchmark runs (wrapping the prototype), so a figure
// can say where its time went. Nested or concurrent calls each count their own wall time.
type Method = (...args: unknown[]) => unknown;

export interface PhaseTarget {
  label: string;
  prototype: object;
  method: string;
}

export interface PhaseTimer {
  /** Wall time per label since the last reset. */
  take(): Map<string, number>;
  restore(): void;
}

export function timePhases(targets: PhaseTarget[]): PhaseTimer {
  let spent = new Map<string, number>();
  const originals: (() => void)[] = [];
  for (const { label, prototype, method } of targets) {
    const holder = prototype as Record<string, Method>;
    const original = holder[method];
    if (typeof original !== 'function') throw new Error(`${label}: no method ${method}`);
    holder[method] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      const add = () => spent.set(label, (spent.get(label) ?? 0) + performance.now() - started);
      const result = original.apply(this, args);
      if (result instanceof Promise) return result.finally(add);
      add();
      return result;
    };
    originals.push(() => (holder[method] = original));
  }
  return {
    take() {
      const taken = spent;
      spent = new Map();
      return taken;
    },
    restore() {
      for (const undo of originals) undo();
    },
  };
}
