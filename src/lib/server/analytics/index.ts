/**
 * Analytics for council analysts and leadership: years compared, gaps, what-if weights, award
 * balance, rule checks, unit profiles, and the table responses of the analytics API. Every read
 * is limited to the bloc-years the reader may see (`analyticsAccess`).
 */
export { analyticsAccess, type Access } from './access';
export { readableBlocs, readableYears, cellColumns, cellRows, type BlocChoice } from './data';
export { yearsCompared, type AllTrends, type BlocTrends, type TrendUnit } from './trends';
export { blocGaps, type GapsView } from './gaps';
export { whatIfData, type WhatIfData } from './whatif';
export { whatIfDownload, whatIfFileFormat, whatIfTable, WHATIF_FORMATS } from './whatif-export';
export { awardBalance, unitAwards, councilTarget, type AwardBalanceView, type AwardRow } from './awards';
export { ruleReport, effectiveRules, type RuleReport } from './rules';
export { unitProfile, unitInfo, type UnitProfile } from './unit';
export { tableResponse, requestedFormat } from './transport';
export * from './params';
