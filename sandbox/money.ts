/** Jiko's money object: integer cents, currency, and a display string like "$1,234.56". */
export interface Amount {
	value: number;
	currency: 'USD';
	formatted: string;
}

export function formatUsd(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(Math.round(cents));
	const dollars = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

export function amount(cents: number): Amount {
	const value = Math.round(cents);
	return { value, currency: 'USD', formatted: formatUsd(value) };
}
