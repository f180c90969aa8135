/**
 * `use:dropTarget={onFiles}`: files dropped on the element go to `onFiles`, and the element gets
 * the class `dragging` while files are over it. (An action, so the drop zone stays a plain
 * region around a real file input, which keyboards and screen readers use.)
 */
import type { ActionReturn } from 'svelte/action';

export function dropTarget(
	node: HTMLElement,
	onFiles: (files: FileList) => void
): ActionReturn<(files: FileList) => void> {
	let handler = onFiles;
	let depth = 0;
	const over = (e: DragEvent) => {
		if (!e.dataTransfer?.types.includes('Files')) return;
		e.preventDefault();
		e.dataTransfer.dropEffect = 'copy';
	};
	const enter = (e: DragEvent) => {
		if (!e.dataTransfer?.types.includes('Files')) return;
		depth++;
		node.classList.add('dragging');
	};
	const leave = () => {
		depth = Math.max(0, depth - 1);
		if (depth === 0) node.classList.remove('dragging');
	};
	const drop = (e: DragEvent) => {
		depth = 0;
		node.classList.remove('dragging');
		if (!e.dataTransfer?.files.length) return;
		e.preventDefault();
		handler(e.dataTransfer.files);
	};
	node.addEventListener('dragover', over);
	node.addEventListener('dragenter', enter);
	node.addEventListener('dragleave', leave);
	node.addEventListener('drop', drop);
	return {
		update(next) {
			handler = next;
		},
		destroy() {
			node.removeEventListener('dragover', over);
			node.removeEventListener('dragenter', enter);
			node.removeEventListener('dragleave', leave);
			node.removeEventListener('drop', drop);
		}
	};
}
