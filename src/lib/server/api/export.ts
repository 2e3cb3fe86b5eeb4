// The exported document's file name (GET /api/versions/{id}/export).

export interface ExportDocument {
	workflow?: { id?: string; name?: string };
	version?: { id?: string; number?: number | null; state?: string; revision?: number };
}

/** "Order intake" v3 → order-intake-v3.json; the draft → order-intake-draft-r5.json. */
export function exportFileName(doc: ExportDocument): string {
	const slug =
		(doc.workflow?.name ?? 'workflow')
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 80) || 'workflow';
	const v = doc.version;
	const which = v?.number ? `v${v.number}` : `draft-r${v?.revision ?? 0}`;
	return `${slug}-${which}.json`;
}
