import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8n, ready } from './support';

/* The package loads in a real n8n 2.x like a user's community install. */
describe('n8n-nodes-jiko in a real n8n', () => {
	it('lists the Jiko node, its AI tool variant and the credential type', async () => {
		const { n8nUrl } = ready();
		const n8n = await N8n.login();
		const nodes = (await n8n.http.get(`${n8nUrl}/types/nodes.json`)).data as Array<{
			name: string;
			iconUrl?: { light: string; dark: string };
		}>;
		const names = nodes.map((node) => node.name);
		expect(names).toContain('n8n-nodes-jiko.jiko');
		expect(names).toContain('n8n-nodes-jiko.jikoTool');
		expect(names).toContain('n8n-nodes-jiko.jikoTrigger');
		expect(names).not.toContain('n8n-nodes-jiko.jikoTriggerTool');
		// both icon variants are served (the package ships them)
		const jiko = nodes.find((node) => node.name === 'n8n-nodes-jiko.jiko');
		for (const url of [jiko?.iconUrl?.light, jiko?.iconUrl?.dark]) {
			expect(url).toBeDefined();
			const icon = await n8n.http.get(`${n8nUrl}/${String(url)}`, { responseType: 'text' });
			expect(icon.status).toBe(200);
			expect(String(icon.data)).toContain('<svg');
		}
		const credentials = (await n8n.http.get(`${n8nUrl}/types/credentials.json`)).data as Array<{ name: string }>;
		expect(credentials.map((c) => c.name)).toContain('jikoApi');
	});

	it("n8n's log shows no load error or warning for the package", () => {
		const log = readFileSync(join(ready().dataDir, 'n8n.log'), 'utf8');
		const problems = log
			.split('\n')
			.filter((line) => /n8n-nodes-jiko|JikoApi|Jiko\.node/.test(line) && /error|warn|fail|could not|unable/i.test(line));
		expect(problems).toEqual([]);
	});
});
