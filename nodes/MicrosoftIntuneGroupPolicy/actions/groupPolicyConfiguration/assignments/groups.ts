import { odataString } from '../paths';

/* Finding the groups to assign to: Graph filters them, as a tenant may have many thousands. */

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Graph's filter for the groups the search text names: a pasted group ID finds that group, any
 * other text the groups whose name starts with it (Graph searches groups' names by prefix).
 */
export function groupFilter(search: string | undefined): string | undefined {
	const needle = search?.trim();
	if (!needle) return undefined;
	return GUID.test(needle)
		? `id eq ${odataString(needle.toLowerCase())}`
		: `startswith(displayName,${odataString(needle)})`;
}

/** Listing groups is Entra's, not Intune's: without its permission, say what to do instead. */
export const GROUPS_PERMISSION =
	'Listing groups needs the Group.Read.All (or GroupMember.Read.All) permission besides ' +
	'DeviceManagementConfiguration.ReadWrite.All. Grant it with admin consent, or choose By ID and ' +
	"enter the group's ID: assigning by ID needs no permission on groups.";
