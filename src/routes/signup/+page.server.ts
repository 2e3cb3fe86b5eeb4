import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || password.length < 6) {
			return fail(400, { email, message: 'Enter an e-mail and a password of at least 6 characters.' });
		}
		const { data, error } = await locals.supabase.auth.signUp({ email, password });
		if (error) {
			return fail(error.status && error.status >= 400 ? error.status : 400, {
				email,
				message: error.code === 'user_already_exists' ? 'That e-mail already has an account. Sign in instead.' : error.message
			});
		}
		if (!data.session) {
			return { email, confirm: true, message: 'Check your e-mail to confirm the account, then sign in.' };
		}
		redirect(303, '/projects');
	}
};
