import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Home: the first project when there is exactly one, or the projects page to create one.
export const load: PageServerLoad = async ({ parent }) => {
	const { projects } = await parent();
	if (projects.length === 1) redirect(303, `/projects/${projects[0].id}`);
	redirect(303, '/projects');
};
