/*
 * The portable profile: an Administrative Templates profile as JSON that means the same in every
 * tenant. Custom definition IDs are new in every tenant and on every upload, so settings are named
 * by class, category path and display name, and inputs by the keys Set Settings takes (label, or
 * "Input N"). Graph cannot give an uploaded file's content back, so the files a profile needs are
 * named, never carried. Documented in the README; a change that breaks a reader is a new
 * formatVersion.
 */

export const PORTABLE_FORMAT = 'n8n-intune-admx-profile';
export const PORTABLE_FORMAT_VERSION = 1;

/** A dropdown's value: the item's value, which Graph stores, and its display name for people. */
export interface PortableDropdownValue {
	value: string;
	displayName?: string;
}

export type PortableValue =
	| boolean
	| number
	| string
	| string[]
	| Array<{ name: string; value: string | null }>
	| PortableDropdownValue;

export interface PortableSetting {
	classType: 'machine' | 'user';
	/** From the top category down, with a leading backslash: "\Fabrikam\Fabrikam Browser". */
	categoryPath: string;
	displayName: string;
	state: 'enabled' | 'disabled';
	/** By input key (label, or "Input N"); empty when disabled or without inputs. */
	values: Record<string, PortableValue>;
	/** "custom" for a setting of an uploaded ADMX file, "builtIn" for Intune's own templates. */
	source: 'custom' | 'builtIn';
	/** The uploaded file the setting comes from (custom settings only). */
	targetNamespace?: string;
}

export type PortableTargetType = 'includeGroup' | 'excludeGroup' | 'allDevices' | 'allUsers';

export interface PortableAssignment {
	type: PortableTargetType;
	groupId?: string;
	/** Used to find the group in another tenant when its ID does not exist there. */
	groupDisplayName?: string;
	filterId?: string;
	filterDisplayName?: string;
	filterType?: 'include' | 'exclude';
}

export interface PortableAdmxFile {
	targetNamespace: string;
	fileName: string;
	/** Namespaces this file uses: uploaded first, or present built in. */
	usings: string[];
}

export interface PortableProfile {
	format: typeof PORTABLE_FORMAT;
	formatVersion: typeof PORTABLE_FORMAT_VERSION;
	/** When it was exported; left out on request, so that a file kept in Git changes only with the profile. */
	exportedAt?: string;
	/** Where it was exported from, for people; never used to apply. */
	source: { profileId: string };
	profile: { displayName: string; description: string; roleScopeTagIds: string[] };
	settings: PortableSetting[];
	assignments: PortableAssignment[];
	/** The uploaded ADMX files the settings need, in dependency order (used ones first). */
	admxFiles: PortableAdmxFile[];
}
