// The SAML role picker: the assertion offered several roles and the core needs one.
import { useState, type FormEvent } from 'react';
import type { RolePromptEvent } from '../../../shared/ipc-contract';
import { Dialog } from '../../components/Dialog';

interface RolePickerProps {
  prompt: RolePromptEvent;
  onAnswer: (requestId: string, roleArn: string | null) => void;
}

function describeRole(roleArn: string): { name: string; account: string } {
  const match = /^arn:[\w-]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
  return match
    ? { account: match[1] ?? '', name: match[2] ?? roleArn }
    : { name: roleArn, account: '' };
}

export function RolePicker({ prompt, onAnswer }: RolePickerProps) {
  const [chosen, setChosen] = useState<string>(prompt.roles[0]?.roleArn ?? '');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (chosen) onAnswer(prompt.requestId, chosen);
  };
  return (
    <Dialog
      title="Choose a role"
      onClose={() => onAnswer(prompt.requestId, null)}
      testId="role-picker"
      description={
        <>
          Your SAML login for <strong>{prompt.sessionName}</strong> offers several roles.
        </>
      }
    >
      <form className="form" onSubmit={submit}>
        <fieldset className="role-list">
          <legend>Role</legend>
          {prompt.roles.map((role, index) => {
            const { name, account } = describeRole(role.roleArn);
            return (
              <label key={role.roleArn} className="role-option">
                <input
                  type="radio"
                  name="role"
                  value={role.roleArn}
                  checked={chosen === role.roleArn}
                  data-autofocus={index === 0 ? '' : undefined}
                  onChange={() => setChosen(role.roleArn)}
                />
                <span>
                  <span className="role-name">{name}</span>
                  <span className="role-account">account {account}</span>
                  <code className="arn">{role.roleArn}</code>
                </span>
              </label>
            );
          })}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" onClick={() => onAnswer(prompt.requestId, null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!chosen}>
            Use this role
          </button>
        </div>
      </form>
    </Dialog>
  );
}
