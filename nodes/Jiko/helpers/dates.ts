/*
 * Dates the user types (or n8n's date picker stores) to the instants Jiko wants. n8n's dateTime
 * fields store a wall-clock time without a zone ("2026-11-24T00:00:00"), meant in the workflow's
 * time zone; Date.parse would read it in the n8n server's zone, a date-only string as UTC, and
 * "Nov 24" or "1" as some date. Only ISO 8601 is accepted here, and the zone is said. No
 * runtime dependency: the zone's offset comes from Intl.
 */

const DAY_MS = 86_400_000;

// YYYY-MM-DD, or YYYY-MM-DDTHH:mm[:ss[.fraction]] with an optional Z or ±hh:mm.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** What isoDateInstant() tells the user to type. */
export const ISO_EXAMPLES = '2026-11-24, 2026-11-24T09:30:00 or 2026-11-24T09:30:00-05:00';

/** Epoch ms of a wall-clock time read as UTC; years before 100 stay what they are. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
	const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second, ms));
	date.setUTCFullYear(year, month - 1, day);
	return date.getTime();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(zone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(zone, formatter);
	}
	return formatter;
}

/** Whether Intl (and so this node) knows the IANA time zone, e.g. "America/New_York". */
export function isTimeZone(zone: string): boolean {
	try {
		formatterOf(zone);
		return true;
	} catch {
		return false;
	}
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
export function zoneOffsetMs(zone: string, epochMs: number): number {
	const whole = Math.floor(epochMs / 1000) * 1000;
	const part: Record<string, number> = {};
	for (const { type, value } of formatterOf(zone).formatToParts(whole)) part[type] = Number(value);
	return utcMs(part.year, part.month, part.day, part.hour, part.minute, part.second, 0) - whole;
}

/**
 * The instant a wall-clock time (given as if it were UTC) names in `zone`. When the clocks go
 * back it occurs twice: the earlier is taken. When they go forward it does not occur: it is read
 * with the offset before the change, which lands as far after the change as it was meant after
 * the last valid minute (New York, 8 March 2026, 02:30 → 03:30 EDT). These are the
 * "compatible" rules of ECMAScript's Temporal and of RFC 5545.
 */
function wallClockInstant(wall: number, zone: string): number {
	// Zones change their offset at most once within a day on either side.
	const before = zoneOffsetMs(zone, wall - DAY_MS);
	const after = zoneOffsetMs(zone, wall + DAY_MS);
	const fits = [...new Set([before, after])].map((offset) => wall - offset).filter((at) => zoneOffsetMs(zone, at) === wall - at);
	return fits.length > 0 ? Math.min(...fits) : wall - before;
}

export type DateReading = { ok: true; epochMs: number } | { ok: false; why: 'not-iso' | 'unknown-zone' };

/**
 * Reads an ISO 8601 date or date-time: with Z or ±hh:mm, that instant; without, the wall-clock
 * time in `zone` (a date alone: its midnight there). Fractions of a second beyond the
 * millisecond are dropped. Anything else (other formats, 2026-02-30, 24:00) is not read.
 */
export function readIsoDate(text: string, zone: string): DateReading {
	const match = ISO.exec(text.trim());
	if (!match) return { ok: false, why: 'not-iso' };
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset] = match;
	const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
	const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
	const wall = utcMs(year, month, day, hour, minute, second, ms);
	// Date rolls 2026-02-30 over to 2 March and 24:00 to the next day: such a date is not one.
	const back = new Date(wall);
	if (year < 1 || back.getUTCMonth() + 1 !== month || back.getUTCDate() !== day || back.getUTCHours() !== hour || minute > 59 || second > 59) {
		return { ok: false, why: 'not-iso' };
	}
	if (offset === 'Z') return { ok: true, epochMs: wall };
	if (offset) {
		const [oh, om] = offset.slice(1).split(':').map(Number);
		if (oh > 23 || om > 59) return { ok: false, why: 'not-iso' };
		return { ok: true, epochMs: wall - (offset[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000 };
	}
	if (!isTimeZone(zone)) return { ok: false, why: 'unknown-zone' };
	return { ok: true, epochMs: wallClockInstant(wall, zone) };
}
