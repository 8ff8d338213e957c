import { isTimeZone, readIsoDate, zoneOffsetMs } from '../../nodes/Jiko/helpers/dates';

/** The instant readIsoDate gives, as an ISO string, or why it did not read one. */
function read(text: string, zone: string): string {
	const reading = readIsoDate(text, zone);
	return reading.ok ? new Date(reading.epochMs).toISOString() : reading.why;
}

describe('readIsoDate: a date or date-time without a zone is read in the given zone', () => {
	test.each([
		// UTC
		['2026-11-24', 'UTC', '2026-11-24T00:00:00.000Z'],
		['2026-11-24T09:30', 'UTC', '2026-11-24T09:30:00.000Z'],
		// Asia/Kolkata: UTC+05:30 all year
		['2026-11-24', 'Asia/Kolkata', '2026-11-23T18:30:00.000Z'],
		['2026-11-24T00:00:00', 'Asia/Kolkata', '2026-11-23T18:30:00.000Z'],
		['2026-06-30T23:59:59.999', 'Asia/Kolkata', '2026-06-30T18:29:59.999Z'],
		// America/New_York: EST (UTC-5) in winter, EDT (UTC-4) in summer
		['2026-01-15T12:00:00', 'America/New_York', '2026-01-15T17:00:00.000Z'],
		['2026-07-15T12:00:00', 'America/New_York', '2026-07-15T16:00:00.000Z'],
		['2026-11-24', 'America/New_York', '2026-11-24T05:00:00.000Z'],
		// 8 March 2026, clocks go forward at 02:00 EST to 03:00 EDT
		['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
		['2026-03-08T01:59:59', 'America/New_York', '2026-03-08T06:59:59.000Z'],
		['2026-03-08T03:00:00', 'America/New_York', '2026-03-08T07:00:00.000Z'],
		// 02:30 does not happen that night: read as 03:30 EDT
		['2026-03-08T02:30:00', 'America/New_York', '2026-03-08T07:30:00.000Z'],
		['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
		// 1 November 2026, clocks go back at 02:00 EDT to 01:00 EST: 01:30 happens twice, the first is taken
		['2026-11-01T00:59:00', 'America/New_York', '2026-11-01T04:59:00.000Z'],
		['2026-11-01T01:30:00', 'America/New_York', '2026-11-01T05:30:00.000Z'],
		['2026-11-01T02:00:00', 'America/New_York', '2026-11-01T07:00:00.000Z'],
		['2026-11-02', 'America/New_York', '2026-11-02T05:00:00.000Z'],
	])('%s in %s is %s', (text, zone, instant) => {
		expect(read(text, zone)).toBe(instant);
	});

	test('the day the clocks go back in New York has 25 hours, the day they go forward 23', () => {
		const at = (text: string) => (readIsoDate(text, 'America/New_York') as { epochMs: number }).epochMs;
		expect(at('2026-11-02') - at('2026-11-01')).toBe(25 * 3_600_000);
		expect(at('2026-03-09') - at('2026-03-08')).toBe(23 * 3_600_000);
	});
});

describe('readIsoDate: an explicit Z or offset is kept, whatever the zone', () => {
	test.each([
		['2026-11-24T00:00:00Z', '2026-11-24T00:00:00.000Z'],
		['2026-11-24T00:00:00.5Z', '2026-11-24T00:00:00.500Z'],
		// Jiko's own times may carry microseconds: beyond the millisecond they are dropped
		['2026-11-24T00:00:00.123456Z', '2026-11-24T00:00:00.123Z'],
		['2026-11-24T00:00:00+05:30', '2026-11-23T18:30:00.000Z'],
		['2026-11-24T00:00:00-05:00', '2026-11-24T05:00:00.000Z'],
		['2026-03-08T02:30:00-05:00', '2026-03-08T07:30:00.000Z'],
		['2026-11-24T00:00-00:00', '2026-11-24T00:00:00.000Z'],
		['  2026-11-24T00:00:00Z\n', '2026-11-24T00:00:00.000Z'],
	])('%s is %s', (text, instant) => {
		for (const zone of ['UTC', 'Asia/Kolkata', 'America/New_York']) expect(read(text, zone)).toBe(instant);
	});
});

describe('readIsoDate: only ISO 8601 is read', () => {
	test.each([
		'Nov 24',
		'November 24, 2026',
		'1',
		'2026',
		'2026-11',
		'20261124',
		'24.11.2026',
		'11/24/2026',
		'2026-11-24 09:30',
		'2026-11-24T9:30',
		'2026-11-24T09',
		'2026-11-24Z',
		'2026-11-24T09:30:00+0530',
		'2026-11-24T09:30:00 GMT',
		'2026-02-30',
		'2026-13-01',
		'2026-11-24T24:00:00',
		'2026-11-24T23:60:00',
		'2026-11-24T23:59:60',
		'2026-11-24T00:00:00+24:00',
		'0000-01-01',
		'Tue Nov 24 2026 00:00:00 GMT+0000',
		'',
	])('%j is not read', (text) => {
		expect(read(text, 'UTC')).toBe('not-iso');
	});

	test('a zone-less date needs a zone Intl knows; one with an offset does not', () => {
		expect(isTimeZone('America/New_York')).toBe(true);
		expect(isTimeZone('DEFAULT')).toBe(false);
		expect(read('2026-11-24', 'DEFAULT')).toBe('unknown-zone');
		expect(read('2026-11-24T00:00:00Z', 'DEFAULT')).toBe('2026-11-24T00:00:00.000Z');
	});
});

describe('zoneOffsetMs', () => {
	test.each([
		['UTC', '2026-07-01T00:00:00Z', 0],
		['Asia/Kolkata', '2026-07-01T00:00:00Z', 5.5 * 3_600_000],
		['America/New_York', '2026-03-08T06:59:59Z', -5 * 3_600_000],
		['America/New_York', '2026-03-08T07:00:00Z', -4 * 3_600_000],
		['America/New_York', '2026-11-01T05:59:59.999Z', -4 * 3_600_000],
		['America/New_York', '2026-11-01T06:00:00Z', -5 * 3_600_000],
	])('%s at %s: %d ms', (zone, at, offset) => {
		expect(zoneOffsetMs(zone, Date.parse(at))).toBe(offset);
	});
});
