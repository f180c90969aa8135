/** An account's role as a person reads it: «Trưởng khối K04 năm 2025», «Cán bộ đơn vị SO11 – Sở Y tế». */
import type { Translator } from '../i18n';
import type { Grant } from './policy';

export function grantLabel(tr: Translator, grant: Grant, name: string | null = null): string {
	const named = (code: string) => (name ? `${code} – ${name}` : code);
	switch (grant.role) {
		case 'admin':
		case 'analyst':
		case 'viewer':
			return tr.t(`self.role.${grant.role}`);
		case 'bloc_leader':
		case 'bloc_deputy':
			return tr.t(`self.role.${grant.role}`, { bloc: named(grant.blocCode), year: String(grant.year) });
		case 'unit_officer':
			return tr.t('self.role.unit_officer', { unit: named(grant.unitCode) });
	}
}
