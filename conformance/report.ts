/** The human-readable report: a table, the notes, and the sandbox switches to set. */
import type { ConformanceResult } from './suite';
import type { Row } from './types';

function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	for (const para of text.split('\n')) {
		let line = '';
		for (const word of para.split(/\s+/).filter(Boolean)) {
			let w = word;
			while (w.length > width) {
				if (line) lines.push(line);
				lines.push(w.slice(0, width));
				w = w.slice(width);
				line = '';
			}
			if (!line) line = w;
			else if (line.length + 1 + w.length <= width) line += ` ${w}`;
			else {
				lines.push(line);
				line = w;
			}
		}
		lines.push(line);
	}
	return lines.length ? lines : [''];
}

/** yes = safe; slower = safe, the node takes a slower path; NO = unsafe; ? = a safety question
 * left unanswered; - = an informational question not asked or undecided. */
const safeCell = (r: Row): string => {
	if (r.safe === true) return r.fallback ? 'slower' : 'yes';
	if (r.safe === false) return 'NO';
	return r.safety ? '?' : '-';
};
const switchCell = (r: Row): string => {
	if (r.switch === null) return r.value === null ? '(fixed reading)' : `(fixed reading) ${JSON.stringify(r.value)}`;
	return r.value === null ? `${r.switch} = ?` : `${r.switch} = ${JSON.stringify(r.value)}`;
};

export function formatTable(rows: Row[]): string {
	const cols = [
		{ title: 'question', width: 40, get: (r: Row) => r.question },
		{ title: 'what this Jiko did', width: 56, get: (r: Row) => r.observed },
		{ title: 'sandbox switch = value', width: 36, get: switchCell },
		{ title: 'safe?', width: 6, get: safeCell },
	];
	const rule = `+${cols.map((c) => '-'.repeat(c.width + 2)).join('+')}+`;
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(cols[i].width)).join(' | ')} |`;
	const out = [rule, line(cols.map((c) => c.title)), rule];
	for (const r of rows) {
		const cells = cols.map((c) => wrap(c.get(r), c.width));
		const height = Math.max(...cells.map((c) => c.length));
		for (let i = 0; i < height; i++) out.push(line(cells.map((c) => c[i] ?? '')));
		out.push(rule);
	}
	return out.join('\n');
}

export function formatReport(result: ConformanceResult): string {
	const out: string[] = [];
	out.push(`Jiko conformance: ${result.target.baseUrl}${result.target.local ? ' (the local emulator)' : ''}, ${result.money ? 'with --money' : 'read-only'}`);
	out.push(formatTable(result.results));
	const rowNotes = result.results.filter((r) => r.note && r.note !== 'needs --money').map((r) => `- ${r.id}: ${r.note}`);
	const money = result.results.filter((r) => r.note === 'needs --money').map((r) => r.id);
	if (money.length) rowNotes.push(`- not asked without --money: ${money.join(', ')}`);
	if (rowNotes.length || result.notes.length) out.push('', 'Notes:', ...rowNotes, ...result.notes.map((n) => `- ${n}`));
	out.push('', 'To make the local sandbox behave like this Jiko:');
	out.push(`  JIKO_SANDBOX_ASSUMPTIONS='${JSON.stringify(result.sandboxAssumptions)}' npm run sandbox`);
	out.push('');
	if (result.slower.length) {
		out.push('Safe, with a slower fallback:');
		for (const x of result.slower) out.push(`- ${x.id} = ${JSON.stringify(x.value)}: safe (slower fallback: ${x.fallback})`);
		out.push('');
	}
	const ach = result.results.find((r) => r.id === 'achDirection');
	if (ach?.value === 'debit-pulls' || ach?.value === 'credit-pulls') {
		out.push(`ACH: the credential's ACH Direction Convention must be ${ach.value === 'debit-pulls' ? '"DEBIT Pulls Money In" (debitPulls)' : '"CREDIT Pulls Money In" (creditPulls)'} for this Jiko.`, '');
	}
	if (result.unsafe.length) {
		out.push('!'.repeat(72));
		out.push(`UNSAFE for the node (${result.unsafe.length}):`);
		for (const u of result.unsafe) out.push(`- ${u.id}: ${u.question}: ${u.reason}`);
		out.push('Report these rows (with the --json output) to the n8n-nodes-jiko maintainers before moving money with the node.');
		out.push('!'.repeat(72));
	}
	if (result.unanswered.length) {
		if (result.unsafe.length) out.push('');
		out.push(`UNANSWERED safety questions (${result.unanswered.length}): the node's money safety depends on them and this run could not answer them.`);
		for (const u of result.unanswered) out.push(`- ${u.id}: ${u.question}. Check: ${u.check}`);
		out.push('Not known to be safe: answer these (see docs/conformance.md) before moving money with the node.');
	}
	if (!result.unsafe.length && !result.unanswered.length) {
		out.push('Nothing unsafe for the node was found: every safety question was answered.');
	}
	return out.join('\n');
}
