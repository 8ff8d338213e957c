import { accountNumberProblem, countryProblem, postalCodeProblem, routingNumberProblem, stateProblem } from '../../nodes/Jiko/actions/counterparty/payee';

describe('payee checks', () => {
	it.each(['021000021', '011000015', '121000248', '026009593'])('routing %s passes the ABA checksum', (r) => expect(routingNumberProblem(r)).toBeUndefined());
	it.each(['021000022', '123456789', '000000001'])('routing %s fails the checksum', (r) => expect(routingNumberProblem(r)).toContain('checksum'));
	it.each(['', '12345678', '1234567890', '02100002a'])('routing %j is not 9 digits', (r) => expect(routingNumberProblem(r)).toContain('exactly 9 digits'));
	it('account numbers: digits or IBAN letters, 1-34, no spaces', () => {
		expect(accountNumberProblem('123456789')).toBeUndefined();
		expect(accountNumberProblem('DE89370400440532013000')).toBeUndefined();
		expect(accountNumberProblem('12-34')).toContain('spaces or dashes');
		expect(accountNumberProblem('x'.repeat(35))).toContain('1 to 34');
		expect(accountNumberProblem('')).toContain('empty');
	});
	it('country, state, ZIP', () => {
		expect(countryProblem('US')).toBeUndefined();
		expect(countryProblem('us')).toContain('not a country code');
		expect(countryProblem('XX')).toContain('not a country code');
		expect(stateProblem('NJ', 'US')).toBeUndefined();
		expect(stateProblem('nj', 'US')).toContain('not a US state code');
		expect(stateProblem('Ontario', 'CA')).toBeUndefined();
		expect(postalCodeProblem('07030-1234', 'US')).toBeUndefined();
		expect(postalCodeProblem('7030', 'US')).toContain('ZIP');
		expect(postalCodeProblem('SW1A 1AA', 'GB')).toBeUndefined();
	});
});
