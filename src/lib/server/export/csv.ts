/** The product's CSV writer lives in the domain (pure; also used by tables in the browser). */
export * from '../../domain/csv';
