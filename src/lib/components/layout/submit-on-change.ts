/**
 * `onchange` for a select in a GET filter form: with JavaScript, choosing a value submits the
 * form at once (SvelteKit handles GET forms client-side); without it, the form's button does.
 */
export function submitOnChange(event: Event & { currentTarget: HTMLSelectElement }): void {
	event.currentTarget.form?.requestSubmit();
}
