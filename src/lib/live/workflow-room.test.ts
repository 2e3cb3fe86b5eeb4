import { describe, expect, it } from 'vitest';
import { isNewerSave, othersIn, roomTopic } from './workflow-room.svelte';

const me = 'u-me';

describe('live awareness', () => {
	it('names one channel per workflow', () => {
		expect(roomTopic('abc')).toBe('workflow:abc');
	});

	it('lists everyone else once, by e-mail, however many tabs they have open', () => {
		const state = {
			[me]: [{ user_id: me, email: 'me@example.com' }],
			'u-b': [{ user_id: 'u-b', email: 'b@example.com' }, { user_id: 'u-b', email: 'b@example.com' }],
			'u-a': [{ user_id: 'u-a', email: 'a@example.com' }]
		};
		expect(othersIn(state, me)).toEqual([
			{ user_id: 'u-a', email: 'a@example.com' },
			{ user_id: 'u-b', email: 'b@example.com' }
		]);
	});

	it('takes a save notice only from someone else, about a newer revision, well formed', () => {
		const save = { revision: 5, draft_id: 'd', saved_by: { user_id: 'u-b', email: 'b@example.com' } };
		expect(isNewerSave(save, me, 4)).toBe(true);
		expect(isNewerSave(save, me, 5)).toBe(false);
		expect(isNewerSave({ ...save, saved_by: { user_id: me, email: null } }, me, 1)).toBe(false);
		expect(isNewerSave({ ...save, revision: '6' }, me, 1)).toBe(false);
		expect(isNewerSave({ revision: 6 }, me, 1)).toBe(false);
		expect(isNewerSave(null, me, 1)).toBe(false);
	});
});
