import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes $N8N_USER_FOLDER/.n8n/config (with a fresh encryption key) on first use:
// keep that out of the developer's home and out of the repository.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'jiko-n8n-'));
}

// n8n's logger prints every node error to the console; the tests assert on errors instead.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'silent';
