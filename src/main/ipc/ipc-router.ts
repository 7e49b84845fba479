// The IPC router: one line per contract channel → core call; validates every payload and checks the sender.
import { AirlockError, describeZodError, toErrorView } from '../airlock-error';
import type { Core } from '../create-core';
import { openConsole } from '../console/console-opener';
import type { RendererPrompter } from './renderer-prompter';
import {
  invokeContract,
  type InvokeChannel,
  type InvokeValue,
  type ParsedPayload,
} from '../../shared/ipc-contract';
import { isInvokeChannel } from '../../shared/ipc-channels';
import type { Result } from '../../shared/errors';
import type { Settings } from '../../shared/settings';

export interface IpcSender {
  url: string;
}

export interface IpcRouter {
  invoke(channel: unknown, payload: unknown, sender: IpcSender): Promise<Result<unknown>>;
}

export interface IpcRouterOptions {
  core: Core;
  prompts: RendererPrompter;
  isTrustedSender: (url: string) => boolean;
  version?: string;
  /** The shell's: clears the SAML partitions' storage and says how many it cleared. */
  forgetSamlLogins?: () => Promise<number>;
  /** The system browser (shell.openExternal; the e2e harness's capture): "Open console" opens it. */
  openExternal?: (url: string) => Promise<void>;
  /** The system clipboard (Electron's in the app, a recorder in the e2e harness). */
  clipboard?: { writeText(text: string): void | Promise<void> };
  /** Told after the renderer changed settings (the shell re-registers the global shortcut). */
  settingsChanged?: (settings: Settings) => void;
}

/** The answer to a sender that is not our page; the shell's adapter sends it too. */
export const UNTRUSTED_SENDER_RESULT: Result<never> = {
  ok: false,
  error: {
    code: 'UNTRUSTED_SENDER',
    message: 'The request came from a page Airlock does not trust.',
  },
};

/** A channel missing here, or answering the wrong type, does not compile. */
type Handlers = { [C in InvokeChannel]: (payload: ParsedPayload<C>) => Promise<InvokeValue<C>> };

function handlers({
  core,
  prompts,
  version,
  forgetSamlLogins,
  clipboard,
  settingsChanged,
  openExternal,
}: IpcRouterOptions): Handlers {
  const s = core.sessions;
  const sso = core.identityCenter;
  return {
    'sessions:list': async () => s.list(),
    'session:add': (p) => s.add(p),
    'session:edit': (p) => s.edit(p.id, p.config, p.keys),
    'session:remove': (p) => s.remove(p.id),
    'session:start': (p) => s.start(p.id),
    'session:stop': (p) => s.stop(p.id),
    'session:rotate': (p) => s.rotate(p.id),
    'session:whoami': (p) => s.whoami(p.id),
    'session:open-console': async (p) => {
      const opened = await openConsole({ core, openExternal }, p.id, p);
      return { id: opened.id, region: opened.region };
    },
    'session:set-region': (p) => s.setRegion(p.id, p.region),
    'session:set-marks': ({ id, ...patch }) => s.setMarks(id, patch),
    'session:copy-env': async (p) => {
      if (!clipboard) {
        throw new AirlockError('INTERNAL', 'This window cannot use the clipboard.');
      }
      const { text, ...shown } = await s.exportEnv(p.id);
      await clipboard.writeText(text);
      return shown;
    },
    'profiles:list': () => s.listProfiles(),
    'profile:make-default': (p) => s.makeDefault(p.id),
    'settings:get': () => core.settings.get(),
    'settings:set': async (p) => {
      const settings = await core.settings.set(p);
      settingsChanged?.(settings);
      return settings;
    },
    'prompt:answer-mfa': async (p) => ({ accepted: prompts.answerMfa(p.requestId, p.code) }),
    'prompt:answer-role': async (p) => ({ accepted: prompts.answerRole(p.requestId, p.roleArn) }),
    'saml:forget-logins': async () => ({
      cleared: forgetSamlLogins ? await forgetSamlLogins() : 0,
    }),
    'import:plan': () => core.imports.plan(),
    'import:apply': (p) => core.imports.apply(p.profiles),
    'sso:list': () => sso.list(),
    'sso:add': (p) => sso.add(p),
    'sso:edit': (p) => sso.edit(p.name, p.changes),
    'sso:login': (p) => sso.login(p.name, { useDeviceCode: p.useDeviceCode ?? false }),
    'sso:logout': (p) => sso.logout(p.name),
    'sso:remove': (p) => sso.remove(p.name, { force: p.force ?? false }),
    'sso:sync': (p) => sso.sync(p.name, { prune: p.prune ?? false }),
    'prompt:cancel-sso-login': async (p) => ({ accepted: prompts.cancelSsoLogin(p.requestId) }),
    'prompt:open-sso-page': async (p) => ({ opened: await prompts.openSsoPage(p.requestId) }),
    'segments:list': async () => core.segments.list(),
    'segments:save': ({ replace, ...segment }) => core.segments.save(segment, { replace }),
    'segments:rename': (p) => core.segments.rename(p.name, p.newName),
    'segments:remove': (p) => core.segments.remove(p.name),
    'app:ready': async () => ({ version: version ?? '0.0.0' }),
  };
}

export function createIpcRouter(options: IpcRouterOptions): IpcRouter {
  const table = handlers(options);
  return {
    async invoke(channel, payload, sender) {
      if (!options.isTrustedSender(sender.url)) return UNTRUSTED_SENDER_RESULT;
      if (!isInvokeChannel(channel)) {
        return { ok: false, error: { code: 'VALIDATION', message: 'Unknown request.' } };
      }
      const parsed = invokeContract[channel].payload.safeParse(payload);
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            code: 'VALIDATION',
            message: `Invalid request: ${describeZodError(parsed.error)}.`,
          },
        };
      }
      try {
        const handler = table[channel] as (p: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        return { ok: false, error: toErrorView(error) };
      }
    },
  };
}
