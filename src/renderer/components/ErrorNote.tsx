// An error shown where it happened, with its human message.
import type { ErrorView } from '../../shared/errors';

export function ErrorNote({ error, id }: { error: ErrorView | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p className="error-note" role="alert" id={id} data-code={error.code}>
      {error.message}
    </p>
  );
}
