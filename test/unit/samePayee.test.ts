import { comparePayeeName } from '../../nodes/Jiko/money/samePayment';
import { counterpartyNames } from '../../nodes/Jiko/rails/wire/payee';

/*
 * The payee comparison of the wire conflict check: the name a wire's transaction shows against
 * the names of this run's counterparty.
 */
describe('comparePayeeName', () => {
	it('same payee: equal but for case and spaces', () => {
		expect(comparePayeeName('Acme Robotics LLC', ['Acme Robotics LLC'])).toBe('same');
		expect(comparePayeeName('ACME ROBOTICS LLC', ['Acme Robotics LLC'])).toBe('same');
		expect(comparePayeeName('  acme  robotics llc ', ['Acme Robotics LLC'])).toBe('same');
		expect(comparePayeeName('Ada Lovelace', ['A. Lovelace', 'Ada Lovelace'])).toBe('same');
	});

	it('another payee: any other name, a shorter prefix, or an empty name', () => {
		expect(comparePayeeName('Acme Robotics LLC', ['Globex Corporation'])).toBe('different');
		expect(comparePayeeName('Acme Robotics', ['Acme Robotics LLC'])).toBe('different');
		expect(comparePayeeName('Acme Robotics LLC', ['Acme Robotics'])).toBe('different');
		expect(comparePayeeName('', ['Acme Robotics LLC'])).toBe('different');
		expect(comparePayeeName('Acme Robotics LLC', [])).toBe('different');
	});

	it('cut: the first 35 characters of a longer name agree as far as they go, and prove nothing more', () => {
		const long = 'Northwind Traders International Freight Forwarding Inc';
		expect(comparePayeeName(long.toUpperCase().slice(0, 35), [long])).toBe('cut');
		// a name cut where a space falls (the 35th character) is shown without it
		expect(comparePayeeName('NORTHWIND TRADERS INTERNATIONAL CO', ['Northwind Traders International Co Freight'])).toBe('cut');
		// shorter than a cut: another name
		expect(comparePayeeName('Northwind Traders International Fr', ['Northwind Traders International Freight'])).toBe('different');
		expect(comparePayeeName('NORTHWIND TRADERS INTERNATIONAL FRE', ['Northwind Traders International Freight'])).toBe('cut');
		// a 35-character name that is whole is the same payee, not a cut one
		expect(comparePayeeName('Northwind Traders International Fre', ['Northwind Traders International Fre'])).toBe('same');
		expect(comparePayeeName('NORTHWIND TRADERS INTERNATIONAL FRX', ['Northwind Traders International Freight'])).toBe('different');
	});
});

describe('counterpartyNames', () => {
	it("reads name_on_account and Create Counterparty V2's name, under wire, ach or top-level, once each", () => {
		expect(counterpartyNames({ id: 'x', type: 'WIRE', wire: { name_on_account: 'Acme Robotics LLC' } })).toEqual(['Acme Robotics LLC']);
		expect(counterpartyNames({ ach: { name_on_account: ' Ada Lovelace ' } })).toEqual(['Ada Lovelace']);
		expect(
			counterpartyNames({ wire: { name_on_account: 'ACME ROBOTICS', counterparty_name: { type: 'business', business_name: 'Acme Robotics LLC' } }, name_on_account: 'ACME ROBOTICS' }),
		).toEqual(['ACME ROBOTICS', 'Acme Robotics LLC']);
		expect(counterpartyNames({ wire: { counterparty_name: { type: 'individual', first_name: 'Grace', last_name: 'Hopper' } } })).toEqual(['Grace Hopper']);
		expect(counterpartyNames({ wire: { name_on_account: '' } })).toEqual([]);
	});
});
