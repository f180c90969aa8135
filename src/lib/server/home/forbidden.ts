/**
 * The 403 of a bloc-year's draft: an account that reads finalised results only (leadership, a
 * unit officer) asking for a bloc that is not finalised learns that it is not finalised yet and
 * where the bloc's latest finalised results are, instead of a bare "forbidden".
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { can, type BlocYear, type Principal } from '../../domain/policy';
import { authorize } from '../auth/guard';
import type { Database } from '../db';
import { finalisedYearOfBloc } from '.';

/**
 * The signed-in account if it may read `bloc`; otherwise a redirect to the login page, or a 403
 * that carries `draft` (the bloc, its name and its latest finalised year) when the refusal is only
 * because the bloc is not finalised: the same account could read it once finalised.
 */
export async function authorizeBlocRead(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	db: Database,
	bloc: BlocYear,
	blocName: string
): Promise<Principal> {
	const user = event.locals.user;
	const finalised: BlocYear = { ...bloc, stage: 'finalised' };
	if (
		user &&
		bloc.stage !== 'finalised' &&
		!can(user, { kind: 'read:bloc', bloc }) &&
		can(user, { kind: 'read:bloc', bloc: finalised })
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
	return authorize(event, { kind: 'read:bloc', bloc });
}
