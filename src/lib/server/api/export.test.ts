import { describe, expect, it } from 'vitest';
import { exportFileName } from './export';

describe('exportFileName', () => {
	it('names the file after the workflow and the version', () => {
		expect(exportFileName({ workflow: { name: 'Order intake' }, version: { number: 3 } })).toBe('order-intake-v3.json');
		expect(exportFileName({ workflow: { name: 'Über "Billing" / EU' }, version: { number: null, revision: 5 } })).toBe('uber-billing-eu-draft-r5.json');
		expect(exportFileName({ workflow: { name: '→→' }, version: { number: 1 } })).toBe('workflow-v1.json');
	});
});
