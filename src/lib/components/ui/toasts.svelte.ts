// Result toasts: a small runes store shared by every page (rendered once in the root layout).
export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
	id: number;
	kind: ToastKind;
	message: string;
}

let next = 1;
export const toasts = $state<Toast[]>([]);

export function dismiss(id: number) {
	const i = toasts.findIndex((t) => t.id === id);
	if (i >= 0) toasts.splice(i, 1);
}

export function toast(message: string, kind: ToastKind = 'success', ms = kind === 'error' ? 8000 : 4000) {
	const id = next++;
	toasts.push({ id, kind, message });
	if (typeof window !== 'undefined') setTimeout(() => dismiss(id), ms);
	return id;
}
