import type { AwardLevel } from './types';

/** Danh hiệu (titles) and hình thức (forms) are different things: never mix the two. */
export type AwardClass = 'title' | 'form';
export type AwardScope = 'individual' | 'collective' | 'both';

export interface AwardDef {
	code: string;
	vi: string;
	en: string;
	awardClass: AwardClass;
	scope: AwardScope;
	defaultLevel: AwardLevel;
}

export const AWARD_CATALOGUE: readonly AwardDef[] = [
	{
		code: 'LDTT',
		vi: 'Lao động tiên tiến',
		en: 'Advanced worker',
		awardClass: 'title',
		scope: 'individual',
		defaultLevel: 'grassroots'
	},
	{
		code: 'CSTDCS',
		vi: 'Chiến sĩ thi đua cơ sở',
		en: 'Grassroots emulation fighter',
		awardClass: 'title',
		scope: 'individual',
		defaultLevel: 'grassroots'
	},
	{
		code: 'CSTD_TINH',
		vi: 'Chiến sĩ thi đua cấp tỉnh',
		en: 'Provincial emulation fighter',
		awardClass: 'title',
		scope: 'individual',
		defaultLevel: 'province'
	},
	{
		code: 'CSTD_TQ',
		vi: 'Chiến sĩ thi đua toàn quốc',
		en: 'National emulation fighter',
		awardClass: 'title',
		scope: 'individual',
		defaultLevel: 'national'
	},
	{
		code: 'TTLDTT',
		vi: 'Tập thể lao động tiên tiến',
		en: 'Advanced collective',
		awardClass: 'title',
		scope: 'collective',
		defaultLevel: 'grassroots'
	},
	{
		code: 'TTLDXS',
		vi: 'Tập thể lao động xuất sắc',
		en: 'Excellent collective',
		awardClass: 'title',
		scope: 'collective',
		defaultLevel: 'province'
	},
	{
		code: 'CO_TINH',
		vi: 'Cờ thi đua của UBND tỉnh',
		en: 'Provincial emulation flag',
		awardClass: 'title',
		scope: 'collective',
		defaultLevel: 'province'
	},
	{
		code: 'CO_BO',
		vi: 'Cờ thi đua của Bộ, ngành',
		en: 'Ministry emulation flag',
		awardClass: 'title',
		scope: 'collective',
		defaultLevel: 'ministry'
	},
	{
		code: 'CO_CP',
		vi: 'Cờ thi đua của Chính phủ',
		en: 'Government emulation flag',
		awardClass: 'title',
		scope: 'collective',
		defaultLevel: 'national'
	},
	{
		code: 'GK',
		vi: 'Giấy khen',
		en: 'Certificate of merit (local)',
		awardClass: 'form',
		scope: 'both',
		defaultLevel: 'grassroots'
	},
	{
		code: 'BK_TINH',
		vi: 'Bằng khen của Chủ tịch UBND tỉnh',
		en: "Provincial chair's certificate",
		awardClass: 'form',
		scope: 'both',
		defaultLevel: 'province'
	},
	{
		code: 'BK_TTG',
		vi: 'Bằng khen của Thủ tướng Chính phủ',
		en: "Prime Minister's certificate",
		awardClass: 'form',
		scope: 'both',
		defaultLevel: 'national'
	},
	{
		code: 'HC_LD',
		vi: 'Huân chương Lao động',
		en: 'Labour Order',
		awardClass: 'form',
		scope: 'both',
		defaultLevel: 'national'
	}
];

export const AWARDS_BY_CODE: ReadonlyMap<string, AwardDef> = new Map(AWARD_CATALOGUE.map((a) => [a.code, a]));
