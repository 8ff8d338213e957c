import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Imported first: n8n-core writes $N8N_USER_FOLDER/.n8n/config on first use; keep it out of $HOME.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'jiko-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
