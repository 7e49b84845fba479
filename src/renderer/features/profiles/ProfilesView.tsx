// The profiles view: which session owns which named profile, conflicts, and "Make default".
import { useCallback, useEffect, useState } from 'react';
import type { ProfileView, SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { invoke, on, toErrorView } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { ImportView } from '../import/ImportView';

const OWNER_LABELS: Record<ProfileView['owner'], string> = {
  airlock: 'Airlock',
  user: 'You (not managed)',
  none: 'Nobody yet',
};

export function ProfilesView({ sessions }: { sessions: readonly SessionView[] }) {
  const [profiles, setProfiles] = useState<ProfileView[]>();
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState<string>();
  const [importing, setImporting] = useState(false);

  const load = useCallback(async () => {
    try {
      setProfiles(await invoke('profiles:list'));
      setError(undefined);
    } catch (failure) {
      setError(toErrorView(failure));
    }
  }, []);

  useEffect(() => {
    // Profiles follow sessions; coalesce bursts of session events into one reload.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 150);
    };
    const first = setTimeout(() => void load(), 0);
    const offs = [on('session:changed', schedule), on('session:removed', schedule)];
    return () => {
      clearTimeout(first);
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [load]);

  const makeDefault = async (sessionId: string): Promise<void> => {
    setBusy(sessionId);
    try {
      await invoke('profile:make-default', { id: sessionId });
      setError(undefined);
      await load();
    } catch (failure) {
      setError(toErrorView(failure));
    } finally {
      setBusy(undefined);
    }
  };

  const byId = new Map(sessions.map((s) => [s.id, s]));
  const conflicts =
    profiles?.filter((p) => p.owner === 'user' && isClaimed(p.name, sessions)) ?? [];

  return (
    <section className="view" aria-labelledby="profiles-heading">
      <div className="toolbar">
        <h1 id="profiles-heading">Profiles</h1>
        <button type="button" onClick={() => setImporting(true)} disabled={importing}>
          Import AWS config…
        </button>
      </div>
      {importing && (
        <ImportView
          onClose={() => {
            setImporting(false);
            void load();
          }}
        />
      )}
      <ErrorNote error={error} />
      {conflicts.length > 0 ? (
        <div className="warning-note" role="note">
          <strong>Conflicts:</strong> {conflicts.map((p) => p.name).join(', ')}{' '}
          {conflicts.length === 1 ? 'is' : 'are'} written by you outside Airlock. Airlock will not
          overwrite {conflicts.length === 1 ? 'it' : 'them'}; rename the session’s profile or remove
          the section by hand.
        </div>
      ) : null}
      {!profiles ? (
        <p className="list-summary">Loading profiles…</p>
      ) : profiles.length === 0 ? (
        <div className="empty-state">
          <p>No named profiles yet. Add a session and start it to write one.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="profiles-table">
            <caption className="visually-hidden">Named profiles and their owners</caption>
            <thead>
              <tr>
                <th scope="col">Profile</th>
                <th scope="col">Owner</th>
                <th scope="col">Session</th>
                <th scope="col">Files</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile) => {
                const session = profile.sessionId ? byId.get(profile.sessionId) : undefined;
                const conflict = profile.owner === 'user' && isClaimed(profile.name, sessions);
                return (
                  <tr
                    key={profile.name}
                    className={conflict ? 'conflict' : undefined}
                    data-profile={profile.name}
                  >
                    <th scope="row">
                      {profile.name}
                      {profile.name === 'default' ? <span className="tag">default</span> : null}
                    </th>
                    <td>
                      <span className={`owner owner-${profile.owner}`}>
                        {OWNER_LABELS[profile.owner]}
                      </span>
                      {conflict ? <span className="tag tag-warning">conflict</span> : null}
                    </td>
                    <td>{profile.sessionName ?? session?.name ?? '—'}</td>
                    <td>
                      {[
                        profile.inCredentials ? 'credentials' : '',
                        profile.inConfig ? 'config' : '',
                      ]
                        .filter(Boolean)
                        .join(', ') || '—'}
                    </td>
                    <td className="cell-actions">
                      {profile.sessionId && profile.name !== 'default' ? (
                        <button
                          type="button"
                          disabled={busy !== undefined}
                          aria-label={`Make ${profile.name} the default profile`}
                          onClick={() => profile.sessionId && void makeDefault(profile.sessionId)}
                        >
                          Make default
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function isClaimed(profileName: string, sessions: readonly SessionView[]): boolean {
  return sessions.some((s) => s.profile === profileName);
}
