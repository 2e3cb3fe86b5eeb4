import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { safeNext } from '$lib/server/safe-next';


export const actions: Actions = {
	default: async ({ request, locals, url }) => {
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
		redirect(303, safeNext(form.get('next'), url.origin));
	}
};
