// Roles and what each may do (docs/architecture.md, "Roles"). The database enforces these; the UI only
// explains them.
export type ProjectRole = 'viewer' | 'editor' | 'publisher' | 'owner';
export const ROLES: ProjectRole[] = ['viewer', 'editor', 'publisher', 'owner'];

export function isRole(role: string): role is ProjectRole {
	return (ROLES as string[]).includes(role);
}

const RANK: Record<ProjectRole, number> = { viewer: 1, editor: 2, publisher: 3, owner: 4 };

export function atLeast(role: string | null | undefined, needed: ProjectRole): boolean {
	if (!role || !(role in RANK)) return false;
	return RANK[role as ProjectRole] >= RANK[needed];
}

export interface Permissions {
	role: ProjectRole | null;
	canEdit: boolean;
	canPublish: boolean;
	canManageMembers: boolean;
}

export function permissions(role: string | null | undefined): Permissions {
	return {
		role: (role as ProjectRole) ?? null,
		canEdit: atLeast(role, 'editor'),
		canPublish: atLeast(role, 'publisher'),
		canManageMembers: atLeast(role, 'owner')
	};
}

/** Tooltip text for a control the role cannot use. */
export function needs(role: string | null | undefined, needed: ProjectRole, what: string): string {
	return `Only ${needed}s${needed === 'owner' ? '' : ' and above'} can ${what}; your role here is ${role ?? 'none'}.`;
}
