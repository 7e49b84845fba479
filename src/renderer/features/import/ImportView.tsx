// The import view: the plan for the AWS files' profiles, a checkbox per importable one, then apply.
import { useEffect, useState } from 'react';
import type { ImportApplyResult, ImportPlanLine } from '../../../shared/import';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';

export function ImportView({ onClose }: { onClose: () => void }) {
  const [plan, setPlan] = useState<ImportPlanLine[]>();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ImportApplyResult>();

  useEffect(() => {
    invoke('import:plan')
      .then((lines) => {
        setPlan(lines);
        setChosen(new Set(lines.filter((l) => l.kind !== 'skip').map((l) => l.profile)));
      })
      .catch((failure: unknown) => setError(toErrorView(failure)));
  }, []);

  const toggle = (profile: string): void => {
    const next = new Set(chosen);
    if (next.has(profile)) next.delete(profile);
    else next.add(profile);
    setChosen(next);
  };

  const apply = async (): Promise<void> => {
    setBusy(true);
    try {
      setDone(await invoke('import:apply', { profiles: [...chosen] }));
      setError(undefined);
    } catch (failure) {
      setError(toErrorView(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-title" className="import-view">
      <h2 id="import-title">Import AWS config</h2>
      {error && <ErrorNote error={error} />}
      {done ? (
        <p role="status">
          Imported {done.imported.length} profile{done.imported.length === 1 ? '' : 's'}:{' '}
          {done.imported.map((l) => l.profile).join(', ')}.
        </p>
      ) : plan === undefined ? (
        <p>Reading the AWS files…</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void apply();
          }}
        >
          <ul className="import-plan">
            {plan.map((line) => (
              <li key={line.profile}>
                <label>
                  <input
                    type="checkbox"
                    name={`import-${line.profile}`}
                    checked={chosen.has(line.profile)}
                    disabled={line.kind === 'skip' || busy}
                    onChange={() => toggle(line.profile)}
                  />
                  <strong>{line.profile}</strong> → {line.kind}
                  {line.parentProfile ? ` (parent ${line.parentProfile})` : ''}
                </label>
                {line.reason && <span className="hint"> {line.reason}</span>}
              </li>
            ))}
          </ul>
          <button type="submit" disabled={busy || chosen.size === 0}>
            Import {chosen.size} selected
          </button>
        </form>
      )}
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
