import type { ValidationContext } from './validation';
import { validateEnum } from './validation';
import { readLocator } from './locators';
import type { PresentationValuePath } from '../transport/paths';
import { presentationOperationsPath, uploadedFileOperationsPath } from '../transport/paths';

/*
 * Where the operations live: through a configuration's presentation value (the documented deep
 * path), or on an uploaded definition file by its ID (the path Microsoft's SDKs and PowerShell
 * use).
 */

export const TARGETS = ['presentationValue', 'uploadedDefinitionFile'] as const;
export type Target = (typeof TARGETS)[number];

export type ResolvedTarget =
	| { target: 'presentationValue'; operationsPath: string; ids: PresentationValuePath }
	| {
			target: 'uploadedDefinitionFile';
			operationsPath: string;
			groupPolicyUploadedDefinitionFileId: string;
	  };

/**
 * Reads and checks the target parameters; `read` gives a parameter's value (locators extracted).
 */
export function resolveTarget(
	ctx: ValidationContext,
	read: (name: string) => unknown,
): ResolvedTarget {
	const target = validateEnum(ctx, 'target', read('target') ?? 'presentationValue', TARGETS);
	if (target === 'uploadedDefinitionFile') {
		const id = readLocator(ctx, 'groupPolicyUploadedDefinitionFileId', read);
		return {
			target,
			operationsPath: uploadedFileOperationsPath(id),
			groupPolicyUploadedDefinitionFileId: id,
		};
	}
	const ids: PresentationValuePath = {
		groupPolicyConfigurationId: readLocator(ctx, 'groupPolicyConfigurationId', read),
		groupPolicyDefinitionValueId: readLocator(ctx, 'groupPolicyDefinitionValueId', read),
		groupPolicyPresentationValueId: readLocator(ctx, 'groupPolicyPresentationValueId', read),
	};
	return { target, operationsPath: presentationOperationsPath(ids), ids };
}
