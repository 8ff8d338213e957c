/**
 * Optional JSON persistence: with a data file the state (API data, tokens, recently seen
 * idempotency keys) is loaded at start and written after changes and at close; without one
 * every start is a fresh seed. Writes go to a temp file then rename, so a crash never leaves
 * half a file. A burst of changes is saved once, at most every `saveDelayMs` (the whole file is
 * rewritten, so saving after every request would make each request pay for the whole history).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuthData, SandboxData } from './types';
import type { SandboxState } from './state';

interface FileFormat {
	format: 'jiko-sandbox';
	version: 1;
	savedAt: string;
	data: SandboxData;
	auth: AuthData;
}

export function loadDataFile(file: string): { data: SandboxData; auth: AuthData } | undefined {
	if (!existsSync(file)) return undefined;
	const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<FileFormat>;
	if (parsed.format !== 'jiko-sandbox' || parsed.version !== 1 || !parsed.data || !parsed.auth) {
		throw new Error(`${file} is not a Jiko sandbox data file (format jiko-sandbox, version 1)`);
	}
	return { data: parsed.data, auth: parsed.auth };
}

export function saveDataFile(file: string, state: SandboxState): void {
	const out: FileFormat = { format: 'jiko-sandbox', version: 1, savedAt: new Date().toISOString(), data: state.data, auth: state.authSnapshot() };
	mkdirSync(dirname(file), { recursive: true });
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, JSON.stringify(out));
	renameSync(tmp, file);
}

/** Saves once per burst of changes (at most every `delayMs`), and on flush() / close(). */
export class Persister {
	private timer: NodeJS.Timeout | undefined;
	private dirty = false;
	private unsubscribe: () => void;

	constructor(
		private readonly file: string,
		private readonly state: SandboxState,
		private readonly onError: (err: unknown) => void,
		private readonly delayMs = 250,
	) {
		this.unsubscribe = state.onChange(() => this.markDirty());
	}

	private markDirty(): void {
		this.dirty = true;
		if (this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.flush();
		}, this.delayMs);
		this.timer.unref?.();
	}

	flush(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		if (!this.dirty) return;
		this.dirty = false;
		try {
			saveDataFile(this.file, this.state);
		} catch (err) {
			this.onError(err);
		}
	}

	close(): void {
		this.flush();
		this.unsubscribe();
	}
}
