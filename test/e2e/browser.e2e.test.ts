import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

import { ready } from './support';

/*
 * A person's view: headless Debian Chromium logs into the editor, opens the nightly sweep and
 * the Jiko node's panel, and reads what the panel shows. Its screenshot goes outside the
 * repository (JIKO_E2E_SCREENSHOT_DIR, default the OS temp dir): the README's picture
 * (docs/images/n8n-jiko-sweep-node.png) is refreshed by copying it by hand, never by a test run.
 */
const SCREENSHOT_DIR = process.env.JIKO_E2E_SCREENSHOT_DIR ?? join(tmpdir(), 'jiko-e2e-screenshots');
export const SCREENSHOT = join(SCREENSHOT_DIR, 'n8n-jiko-sweep-node.png');
const SWEEP = 'Jiko: nightly sweep of excess cash to a reserve pocket';
const NODE = 'Sweep excess to the reserve pocket';

/** The Chromium scripts/install-chromium.sh installs: JIKO_CHROMIUM if set, else `chromium` on PATH. */
function chromiumPath(): string {
	const fromEnv = process.env.JIKO_CHROMIUM;
	if (fromEnv) {
		if (!existsSync(fromEnv)) throw new Error(`JIKO_CHROMIUM=${fromEnv} does not exist`);
		return fromEnv;
	}
	try {
		return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0];
	} catch {
		throw new Error('no chromium on PATH: run scripts/install-chromium.sh or set JIKO_CHROMIUM');
	}
}

let browser: Browser | undefined;
afterAll(async () => {
	await browser?.close();
});

describe('the editor in a browser', () => {
	it('logs in, opens the sweep workflow and shows the Jiko node panel with the on-us transfer fields', async () => {
		const { n8nUrl, owner, workflows } = ready();
		browser = await chromium.launch({
			executablePath: chromiumPath(),
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		});
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(90_000);

		await page.goto(`${n8nUrl}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(owner.email);
		await page.locator('input[type="password"]').first().fill(owner.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

		await page.goto(`${n8nUrl}/workflow/${workflows[SWEEP]}`);
		// The canvas node (vue-flow) whose label is the Jiko node's name; its label sits outside
		// the node's box, so double-click the node element itself.
		const node = page.locator('.vue-flow__node', { hasText: NODE }).first();
		await node.waitFor();
		await node.dblclick();
		await page.getByText('Business Key', { exact: true }).first().waitFor();
		await page.getByText('Transfer Type', { exact: true }).first().waitFor();

		// What the panel shows: each visible parameter's label and the text next to it (the
		// chosen option of a select, "fx" expressions, ...), read from the page's DOM.
		const shown: Array<{ label: string; text: string }> = [];
		for (const item of await page.locator('[data-test-id="parameter-item"]:visible').all()) {
			const label = item.locator('[data-test-id="input-label"] label').first();
			if ((await label.count()) === 0) continue;
			const values = await Promise.all((await item.locator('input').all()).map(async (input) => await input.inputValue()));
			shown.push({ label: (await label.innerText()).split('\n')[0].trim(), text: [await item.innerText(), ...values].join('\n') });
		}
		const labels = shown.map((field) => field.label);
		expect(labels).toEqual(
			expect.arrayContaining(['Resource', 'Operation', 'Transfer Type', 'Amount Type', 'Amount in Cents', 'Business Key', 'Description', 'Async Mode']),
		);
		// the resource and operation the sweep uses, in Jiko's words
		expect(shown.find((field) => field.label === 'Resource')?.text).toContain('On-Us Transfer');
		expect(shown.find((field) => field.label === 'Operation')?.text).toContain('Create');
		// the money fields stay expressions of the workflow's own data
		expect(shown.find((field) => field.label === 'Business Key')?.text).toContain('business_key');
		// a panel with an error would show the parameter issues icon
		expect(await page.locator('[data-test-id="parameter-issues"]').count()).toBe(0);

		await page.waitForTimeout(1_000); // let icons and fonts settle for the picture
		mkdirSync(SCREENSHOT_DIR, { recursive: true });
		await page.screenshot({ path: SCREENSHOT });
		expect(existsSync(SCREENSHOT)).toBe(true);
	});
});
