/*
 * Where the client's CPU goes: V8's sampling profiler (node:inspector) over one run, each
 * sample put in the bucket of the function that was on top of the stack (self time). The
 * package's own code is every function compiled from core/, nodes/ and credentials/; what it calls
 * (n8n, axios, Node's http) is counted where that code lives, not as the package's.
 */
import { Session } from 'node:inspector/promises';
import { sep } from 'node:path';

export type Bucket = 'package' | 'n8n' | 'http library' | 'other dependencies' | 'Node.js' | 'garbage collector' | 'V8 / native' | 'bench harness';

export interface CpuProfileShares {
	/** samples that were not idle */
	samples: number;
	/** share of the non-idle samples, 0..1 */
	shares: Record<Bucket, number>;
	/** the package's own functions with the most samples: "name (file) share" */
	topPackageFunctions: string[];
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
}

interface Profile {
	nodes: ProfileNode[];
	samples?: number[];
}

const HTTP_LIBRARIES = ['axios', 'follow-redirects', 'form-data', 'proxy-from-env', 'combined-stream', 'asynckit', 'mime-types', 'mime-db', 'delayed-stream', 'agent-base', 'https-proxy-agent', 'http-proxy-agent'];

function bucketOf(frame: ProfileNode['callFrame']): Bucket | 'idle' {
	const { functionName, url } = frame;
	if (functionName === '(idle)') return 'idle';
	if (functionName === '(garbage collector)') return 'garbage collector';
	if (!url) return 'V8 / native';
	if (url.startsWith('node:')) return 'Node.js';
	const path = url.replace(/^file:\/\//, '').split('/').join(sep);
	const inModules = path.lastIndexOf(`${sep}node_modules${sep}`);
	if (inModules >= 0) {
		const rest = path.slice(inModules + 14).split(sep);
		const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
		if (name === 'n8n-core' || name === 'n8n-workflow' || name.startsWith('@n8n/')) return 'n8n';
		if (HTTP_LIBRARIES.includes(name)) return 'http library';
		return 'other dependencies';
	}
	if (['core', 'nodes', 'credentials'].some((folder) => path.includes(`${sep}dist-bench${sep}${folder}${sep}`))) return 'package';
	return 'bench harness';
}

/** Runs `fn` under the sampling profiler (one sample every `intervalUs` µs) and sorts the samples. */
export async function profileShares(fn: () => Promise<unknown>, intervalUs = 100): Promise<CpuProfileShares> {
	const session = new Session();
	session.connect();
	let profile: Profile;
	try {
		await session.post('Profiler.enable');
		await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
		await session.post('Profiler.start');
		let failure: unknown;
		try {
			await fn();
		} catch (error) {
			failure = error;
		}
		profile = ((await session.post('Profiler.stop')) as unknown as { profile: Profile }).profile;
		await session.post('Profiler.disable');
		if (failure !== undefined) throw failure;
	} finally {
		session.disconnect();
	}
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const counts = new Map<Bucket, number>();
	const packageFunctions = new Map<string, number>();
	let total = 0;
	for (const id of profile.samples ?? []) {
		const node = byId.get(id);
		if (!node) continue;
		const bucket = bucketOf(node.callFrame);
		if (bucket === 'idle') continue;
		total += 1;
		counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
		if (bucket === 'package') {
			const file = node.callFrame.url.split('/dist-bench/')[1] ?? node.callFrame.url;
			const name = `${node.callFrame.functionName || '(anonymous)'} (${file.replace(/\.js$/, '.ts')})`;
			packageFunctions.set(name, (packageFunctions.get(name) ?? 0) + 1);
		}
	}
	const buckets: Bucket[] = ['package', 'n8n', 'http library', 'other dependencies', 'Node.js', 'garbage collector', 'V8 / native', 'bench harness'];
	const shares = Object.fromEntries(buckets.map((b) => [b, total ? (counts.get(b) ?? 0) / total : 0])) as Record<Bucket, number>;
	const topPackageFunctions = [...packageFunctions.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 3)
		.map(([name, n]) => `${name} ${((100 * n) / total).toFixed(2)}%`);
	return { samples: total, shares, topPackageFunctions };
}
