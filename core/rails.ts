/** The three ways money leaves or enters a pocket: the money rules count them, the ids name
 * them (a business key used on two rails gives two ids) and the node has one file for each. */
export type Rail = 'on-us' | 'ach' | 'wire';

export const RAILS: readonly Rail[] = ['on-us', 'ach', 'wire'];

/** How messages name a transfer on each rail. */
export const RAIL_NAMES: Record<Rail, string> = {
	'on-us': 'on-us transfer',
	ach: 'ACH transfer',
	wire: 'wire transfer',
};
