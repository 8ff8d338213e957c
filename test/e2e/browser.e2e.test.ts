import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

import { ROOT, ready } from './support';

/*
 * A person's view: headless Debian Chromium logs into the editor, opens the nightly sweep and
 * the Jiko node's panel. The screenshot it saves is the one the README shows.
 */
export const SCREENSHOT = join(ROOT, 'docs', 'images', 'n8n-jiko-sweep-node.png');
const SWEEP = 'Jiko: nightly sweep of excess cash to a reserve pocket';
const NODE = 'Sweep excess to the reserve pocket';

let browser: Browser | undefined;
afterAll(async () => {
	await browser?.close();
});

describe('the editor in a browser', () => {
	it('logs in, opens the sweep workflow and the Jiko node panel', async () => {
		const { n8nUrl, owner, workflows } = ready();
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
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
		// The node panel shows the operation's own fields.
		await page.getByText('Business Key', { exact: true }).first().waitFor();
		await page.getByText('Transfer Type', { exact: true }).first().waitFor();
		await page.waitForTimeout(1_000); // let icons and fonts settle for the picture
		await page.screenshot({ path: SCREENSHOT });
	});
});
