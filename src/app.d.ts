// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Session, User } from '@supabase/supabase-js';
import type { AppSupabaseClient } from '$lib/supabase';
import type { AppError } from '$lib/errors';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
			hint?: string | null;
		}
		interface Locals {
			supabase: AppSupabaseClient;
			safeGetSession: () => Promise<{ session: Session | null; user: User | null }>;
			session: Session | null;
			user: User | null;
			/** The bearer token when the request came with `Authorization: Bearer <jwt>` (API callers). */
			accessToken: string | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export type { AppError };
export {};
