import { randomUUID } from 'node:crypto';

import { N8n, ready } from './support';

/* The credential's Test button, as n8n's CLI runs it (login via preAuthentication, signed call),
 * on a saved credential as the editor does. */
async function test(data: Record<string, string>) {
	const n8n = await N8n.login();
	const credential = {
		name: `Jiko test ${randomUUID()}`,
		type: 'jikoApi',
		data: {
			environment: 'custom',
			baseUrl: ready().sandboxUrl,
			username: 'sandbox-partner',
			password: 'sandbox-password',
			sharedSecret: 'sandbox-shared-secret-0001',
			partnerId: '',
			...data,
		},
	};
	const { id } = await n8n.data<{ id: string }>('post', '/credentials', credential);
	try {
		return await n8n.data<{ status: string; message: string }>('post', '/credentials/test', { credentials: { id, ...credential } });
	} finally {
		await n8n.data('delete', `/credentials/${id}`);
	}
}

describe('Jiko API credential Test in n8n', () => {
	it('passes against the sandbox', async () => {
		expect(await test({})).toMatchObject({ status: 'OK' });
	});

	it('names the username or password when the login is refused', async () => {
		const result = await test({ password: 'wrong-password-123' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/username or password/i);
		expect(result.message).not.toContain('wrong-password-123');
	});

	it('names the shared secret when the signature is refused', async () => {
		const result = await test({ sharedSecret: 'wrong-shared-secret-456' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Shared Secret/);
		expect(result.message).not.toMatch(/username or password/i);
		expect(result.message).not.toContain('wrong-shared-secret-456');
	});
});
