import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

function safeNext(next: FormDataEntryValue | null): string {
	const n = typeof next === 'string' ? next : '';
	// Only same-site paths: never an open redirect.
	return n.startsWith('/') && !n.startsWith('//') ? n : '/';
}

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || !password) {
			return fail(400, { email, message: 'Enter your e-mail and password.' });
		}
		const { error } = await locals.supabase.auth.signInWithPassword({ email, password });
		if (error) {
			const message =
				error.code === 'invalid_credentials' || error.status === 400
					? 'Wrong e-mail or password.'
					: error.message;
			return fail(error.status && error.status >= 400 ? error.status : 400, { email, message });
		}
		redirect(303, safeNext(form.get('next')));
	}
};
