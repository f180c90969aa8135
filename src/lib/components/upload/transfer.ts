/**
 * Sending an upload from the browser with progress: the form goes to the same SvelteKit form
 * action a plain form would use (XMLHttpRequest, because fetch reports no upload progress), and
 * the server's own steps are read from /upload/progress while it works.
 */

/** A random id for one upload's progress. */
export function progressId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Posts `form` to a form action; resolves with the response text (an ActionResult as JSON). */
export function postAction(
	url: string,
	form: FormData,
	onUpload: (loaded: number, total: number) => void,
	onSent: () => void
): Promise<string> {
	return new Promise((ok, fail) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', url);
		xhr.setRequestHeader('accept', 'application/json');
		xhr.setRequestHeader('x-sveltekit-action', 'true');
		xhr.upload.addEventListener('progress', (e) => {
			if (e.lengthComputable) onUpload(e.loaded, e.total);
		});
		xhr.upload.addEventListener('load', onSent);
		xhr.addEventListener('load', () => ok(xhr.responseText));
		xhr.addEventListener('error', () => fail(new Error('network')));
		xhr.addEventListener('abort', () => fail(new Error('abort')));
		xhr.send(form);
	});
}

export interface ServerProgress {
	phase: 'read' | 'check' | 'write' | 'done';
	file?: string;
	done: number;
	total: number;
}

/** Polls the server's progress of upload `id` until the returned stop function is called. */
export function pollProgress(id: string, onProgress: (p: ServerProgress) => void, everyMs = 400): () => void {
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const tick = async () => {
		if (stopped) return;
		try {
			const res = await fetch(`/upload/progress?id=${encodeURIComponent(id)}`, { cache: 'no-store' });
			if (res.ok) {
				const p = (await res.json()) as ServerProgress | null;
				if (p && !stopped) onProgress(p);
			}
		} catch {
			/* the next tick tries again */
		}
		if (!stopped) timer = setTimeout(tick, everyMs);
	};
	timer = setTimeout(tick, everyMs);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
