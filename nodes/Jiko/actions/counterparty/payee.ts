/*
 * What a wire payee's details must be before anything is sent: each check names the field and
 * says how to fix it. Pure functions (no n8n, no HTTP), so the rules are tested on their own.
 */

/** ABA routing number: 9 digits whose weighted sum 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9)
 * is a multiple of 10. */
export function routingNumberProblem(value: string): string | undefined {
	if (!/^\d{9}$/.test(value)) return `"${value}" is not a routing number — a US routing (ABA) number is exactly 9 digits`;
	const d = [...value].map(Number);
	const sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
	if (sum % 10 !== 0) return `"${value}" fails the routing number checksum — check the digits with the payee's bank`;
	return undefined;
}

/** Jiko's `identifier`: "Bank Account Number or IBAN Number". Letters and digits only, 1–34
 * (an IBAN is at most 34); no spaces or dashes, so one account is always written one way. */
export function accountNumberProblem(value: string): string | undefined {
	if (value === '') return 'is empty — enter the payee\'s bank account number';
	if (/[\s-]/.test(value)) return `"${value}" contains spaces or dashes — enter the account number as digits (and letters for an IBAN) only`;
	if (!/^[A-Za-z0-9]{1,34}$/.test(value)) return `"${value}" is not an account number — use 1 to 34 letters and digits`;
	return undefined;
}

/** USPS state and territory abbreviations ("Postal Abbreviations", as Jiko's schema asks). */
export const US_STATES = new Set(
	'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'.split(' '),
);

/** ISO 3166-1 alpha-2 country codes (officially assigned). */
export const COUNTRIES = new Set(
	(
		'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
		'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
		'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
		'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
		'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
		'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
		'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
	).split(' '),
);

export function countryProblem(value: string): string | undefined {
	if (!COUNTRIES.has(value)) return `"${value}" is not a country code — use the two-letter ISO 3166 code in capitals, e.g. US`;
	return undefined;
}

export function stateProblem(value: string, country: string): string | undefined {
	if (value === '') return 'is empty — enter the state (for the US its two-letter postal abbreviation, e.g. NJ)';
	if (country === 'US' && !US_STATES.has(value)) return `"${value}" is not a US state code — use the two-letter postal abbreviation in capitals, e.g. NJ, OH`;
	return undefined;
}

export function postalCodeProblem(value: string, country: string): string | undefined {
	if (value === '') return 'is empty — enter the postal code';
	if (country === 'US' && !/^\d{5}(-\d{4})?$/.test(value)) return `"${value}" is not a US ZIP code — use 5 digits or ZIP+4 (12345-6789)`;
	return undefined;
}
