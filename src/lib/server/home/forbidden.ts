/**
 * The 403 of a bloc-year's draft: an account that reads finalised results only (leadership, a
 * unit officer) asking for a bloc (or a sheet of it) that is not finalised learns that it is not finalised yet and
 * where the bloc's latest finalised results are, instead of a bare "forbidden".
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { can, type Action, type BlocYear, type Principal } from '../../domain/policy';
import { authorize } from '../auth/guard';
import type { Database } from '../db';
import { finalisedYearOfBloc } from '.';

/**
 * The signed-in account if it may read `bloc` (or, with `unitCode`, that unit's sheet of it);
 * otherwise a redirect to the login page, or a 403 that carries `draft` (the bloc, its name and
 * its latest finalised year) when the refusal is only because the bloc is not finalised: the
 * same account could read it once finalised.
 */
export async function authorizeBlocRead(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	db: Database,
	bloc: BlocYear,
	blocName: string,
	unitCode?: string
): Promise<Principal> {
	const user = event.locals.user;
	const action = (b: BlocYear): Action =>
		unitCode === undefined ? { kind: 'read:bloc', bloc: b } : { kind: 'read:sheet', bloc: b, unitCode };
	if (
		user &&
		bloc.stage !== 'finalised' &&
		!can(user, action(bloc)) &&
		can(user, action({ ...bloc, stage: 'finalised' }))
	) {
		error(403, {
			message: 'Kết quả chưa được chốt',
			draft: {
				blocCode: bloc.blocCode,
				blocName,
				year: bloc.year,
				latestFinalised: await finalisedYearOfBloc(db, bloc.blocCode)
			}
		});
	}
	return authorize(event, action(bloc));
}
