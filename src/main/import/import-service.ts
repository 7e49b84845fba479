// Carries out an import plan: creates the sessions (keys to the keychain), moves each imported
// hand-written section into the keychain's 'profile-backup' slot as `default` is kept, records
// what it took in the store, and undoes exactly that, section by section, byte for byte.
import { readFile } from 'node:fs/promises';
import { AirlockError } from '../airlock-error';
import type { AwsFileKind, AwsFiles, ProfileEdit } from '../aws-files/aws-files';
import { errnoCode } from '../fs/errno';
import type { IdentityCenterService } from '../identity-center/identity-center-service';
import type { SecretStore } from '../secrets/secret-store';
import type { SessionService } from '../sessions/session-service';
import type { ImportedProfile, SessionStore } from '../store/session-store';
import { planImport, type ImportFiles, type PlannedImport } from './import-plan';
import type { ImportApplyResult, ImportPlanLine, ImportUndoResult } from '../../shared/import';
import type { SessionConfig } from '../../shared/sessions';

export interface ImportServiceDeps {
  store: SessionStore;
  files: AwsFiles;
  secrets: SecretStore;
  sessions: SessionService;
  identityCenter: IdentityCenterService;
  now: () => number;
}

/** The keychain entry keeping one imported section; distinct from the `default` backup's. */
export function keptSectionId(file: AwsFileKind, profile: string): string {
  return `import-${file}-${Buffer.from(profile, 'utf8').toString('hex')}`;
}

export class ImportService {
  constructor(private readonly deps: ImportServiceDeps) {}

  /** The plan for every profile of both files, or only the named ones. Changes nothing. */
  async plan(profiles?: readonly string[]): Promise<ImportPlanLine[]> {
    return (await this.planned(profiles)).map((p) => p.line);
  }

  async apply(profiles?: readonly string[]): Promise<ImportApplyResult> {
    const plan = await this.planned(profiles);
    const chosen = plan.filter((p) => p.line.kind !== 'skip');
    const sessionOf = new Map(
      Object.values(this.deps.store.read().sessions).map((s) => [s.config.profile, s.id]),
    );
    const records: ImportedProfile[] = [];
    const importedAt = new Date(this.deps.now()).toISOString();
    try {
      for (const p of chosen) {
        const record: ImportedProfile = {
          profile: p.line.profile,
          importedAt,
          sections: p.sections.map(({ file, offset, prefixHash }) => ({
            file,
            offset,
            prefixHash,
          })),
        };
        const integration = p.line.integration;
        if (integration) {
          const known = this.deps.store.read().integrations?.[integration.name] !== undefined;
          if (!known) {
            await this.deps.identityCenter.add(integration);
            record.integration = integration.name;
          }
        }
        // Pushed before the session is made: a failure from here on rolls the integration back.
        records.push(record);
        const draft = p.line.session;
        if (draft?.kind === 'sso-role') {
          record.sessionId = (await this.deps.identityCenter.adoptRole(draft)).id;
        } else if (draft) {
          const view = await this.deps.sessions.add({
            config: this.configOf(p, sessionOf),
            ...(p.keys ? { keys: p.keys } : {}),
          });
          sessionOf.set(p.line.profile, view.id);
          record.sessionId = view.id;
        }
      }
      for (const p of chosen) {
        for (const s of p.sections) {
          await this.deps.secrets.set(
            keptSectionId(s.file, p.line.profile),
            'profile-backup',
            s.raw,
          );
        }
      }
      await this.deps.store.update(async (data) => {
        await this.assertUnchanged(chosen);
        const edits = (file: AwsFileKind): ProfileEdit[] =>
          chosen
            .filter((p) => p.sections.some((s) => s.file === file))
            .map((p) => ({ profile: p.line.profile, action: 'remove' }));
        await this.deps.files.applyBoth({
          credentials: edits('credentials'),
          config: edits('config'),
        });
        data.imports = [...(data.imports ?? []), ...records];
      });
    } catch (error) {
      await this.rollBack(records, chosen);
      throw error;
    }
    return {
      imported: chosen.map((p) => p.line),
      skipped: plan.filter((p) => p.line.kind === 'skip').map((p) => p.line),
    };
  }

  /** Removes the imported sessions and integrations, and puts every kept section back where it stood. */
  async undo(): Promise<ImportUndoResult> {
    const records = this.deps.store.read().imports ?? [];
    const kept = await this.keptSections(records);
    await this.assertFree(records);
    let removedSessions = 0;
    // Roles were imported after their parents: removing in reverse never strands a child. Sessions
    // go first, so a live imported sso-role is stopped here rather than blocking its integration.
    for (const r of [...records].reverse()) {
      if (r.sessionId && this.deps.store.read().sessions[r.sessionId]) {
        await this.deps.sessions.remove(r.sessionId);
        removedSessions++;
      }
    }
    const removedIntegrations: string[] = [];
    for (const r of records) {
      if (r.integration && this.deps.store.read().integrations?.[r.integration]) {
        await this.deps.identityCenter.remove(r.integration);
        removedIntegrations.push(r.integration);
      }
    }
    await this.deps.store.update(async () => {
      // In file order: each section's prefix is whole again before it goes back in.
      const edits = (file: AwsFileKind): ProfileEdit[] =>
        kept
          .filter((k) => k.file === file)
          .sort((a, b) => a.offset - b.offset)
          .map((k) => ({
            profile: k.profile,
            action: 'restore',
            raw: k.raw,
            at: { offset: k.offset, prefixHash: k.prefixHash },
          }));
      await this.deps.files.applyBoth({
        credentials: edits('credentials'),
        config: edits('config'),
      });
    });
    await this.deps.store.update((data) => {
      data.imports = (data.imports ?? []).filter(
        (i) => !records.some((r) => r.profile === i.profile),
      );
      if (data.imports.length === 0) delete data.imports;
    });
    for (const k of kept)
      await this.deps.secrets.delete(keptSectionId(k.file, k.profile), 'profile-backup');
    return {
      restored: [...new Set(kept.map((k) => k.profile))],
      removedSessions,
      removedIntegrations,
    };
  }

  private async planned(profiles?: readonly string[]): Promise<PlannedImport[]> {
    const plan = planImport(await this.readFiles(), this.deps.store.read(), profiles);
    const missing = (profiles ?? []).filter((name) => !plan.some((p) => p.line.profile === name));
    if (missing.length) {
      throw new AirlockError(
        'NOT_FOUND',
        `No profile ${missing.join(', ')} in ${this.deps.files.paths.credentialsFile} or ${this.deps.files.paths.configFile}. Run \`airlock import\` to see the profiles there.`,
      );
    }
    return plan;
  }

  private configOf(p: PlannedImport, sessionOf: Map<string, string>): SessionConfig {
    const draft = p.line.session!;
    if (draft.kind !== 'iam-role') return draft;
    const parentId = sessionOf.get(p.line.parentProfile!);
    if (parentId === undefined) {
      throw new AirlockError(
        'NOT_FOUND',
        `Profile ${p.line.profile} uses source_profile ${p.line.parentProfile}, which has no session. Import ${p.line.parentProfile} too.`,
      );
    }
    return { ...draft, parentId };
  }

  private async readFiles(): Promise<ImportFiles> {
    const read = async (path: string) => {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return undefined;
        throw new AirlockError(
          'FILE_IO',
          `Cannot read ${path} to import it: ${errnoCode(error) ?? 'error'}. Check its permissions, then retry.`,
          { cause: error },
        );
      }
    };
    const { credentialsFile, configFile } = this.deps.files.paths;
    return { credentials: await read(credentialsFile), config: await read(configFile) };
  }

  /** A section edited since it was planned would lose that edit: refuse instead, under the lock. */
  private async assertUnchanged(chosen: PlannedImport[]): Promise<void> {
    for (const p of chosen) {
      for (const s of p.sections) {
        const now = await this.deps.files.readProfile(s.file, p.line.profile);
        if (now?.raw !== s.raw) {
          throw new AirlockError(
            'PROFILE_CONFLICT',
            `Profile ${p.line.profile} changed in ${s.file === 'credentials' ? this.deps.files.paths.credentialsFile : this.deps.files.paths.configFile} during the import, so nothing was imported. Run \`airlock import --apply\` again.`,
          );
        }
      }
    }
  }

  private async keptSections(records: ImportedProfile[]) {
    const kept: {
      profile: string;
      file: AwsFileKind;
      offset: number;
      prefixHash: string;
      raw: string;
    }[] = [];
    for (const r of records) {
      for (const s of r.sections) {
        const raw = await this.deps.secrets.get(keptSectionId(s.file, r.profile), 'profile-backup');
        if (raw === undefined) {
          throw new AirlockError(
            'NOT_FOUND',
            `The keychain no longer holds the imported ${s.file} section of profile ${r.profile}, so nothing was undone. Restore the keychain entry, or remove session ${r.sessionId ?? r.profile} with \`airlock remove\`.`,
          );
        }
        kept.push({ profile: r.profile, ...s, raw });
      }
    }
    return kept;
  }

  /** A hand-written section written since the import would be overwritten by the restore: refuse first. */
  private async assertFree(records: ImportedProfile[]): Promise<void> {
    for (const r of records) {
      for (const s of r.sections) {
        const now = await this.deps.files.readProfile(s.file, r.profile);
        if (now !== undefined && now.owner === undefined) {
          throw new AirlockError(
            'PROFILE_CONFLICT',
            `Profile ${r.profile} was written by hand again in ${s.file === 'credentials' ? this.deps.files.paths.credentialsFile : this.deps.files.paths.configFile} after the import, so nothing was undone. Remove or rename that section, then run \`airlock import --undo\` again.`,
          );
        }
      }
    }
  }

  private async rollBack(records: ImportedProfile[], chosen: PlannedImport[]): Promise<void> {
    for (const r of [...records].reverse()) {
      if (r.sessionId) await this.deps.sessions.remove(r.sessionId).catch(() => undefined);
      if (r.integration)
        await this.deps.identityCenter.remove(r.integration).catch(() => undefined);
    }
    // A section already out of its file goes back; only then may its keychain copy go.
    for (const p of chosen) {
      for (const s of p.sections) {
        const id = keptSectionId(s.file, p.line.profile);
        try {
          const now = await this.deps.files.readProfile(s.file, p.line.profile);
          if (now === undefined) {
            await this.deps.files.apply(s.file, [
              {
                profile: p.line.profile,
                action: 'restore',
                raw: s.raw,
                at: { offset: s.offset, prefixHash: s.prefixHash },
              },
            ]);
          }
          await this.deps.secrets.delete(id, 'profile-backup');
        } catch {
          // Left in the keychain under `id`: nothing is lost.
        }
      }
    }
  }
}
