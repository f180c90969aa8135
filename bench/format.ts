/** What every benchmark figure is made of, and the vi-VN number formats they are shown in. */
export interface Figure {
	name: string;
	value: string;
	target?: string;
	met?: boolean;
	note?: string;
}

export const fmt = (n: number, d = 0) =>
	n.toLocaleString('vi-VN', { maximumFractionDigits: d, minimumFractionDigits: d });
export const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 0)} MB`;
export const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;
