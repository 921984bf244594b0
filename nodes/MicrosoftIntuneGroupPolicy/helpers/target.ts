import type { ValidationContext } from './validation';
import { validateEnum } from './validation';
import { resolveLocator } from './locators';
import type { PresentationValuePath } from '../transport/paths';
import { presentationOperationsPath, uploadedFileOperationsPath } from '../transport/paths';

/*
 * Where the operations live: through a configuration's presentation value (the documented deep path), or on an
 * uploaded definition file by its ID (the path Microsoft's SDKs and PowerShell use).
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

/** Reads and checks the target parameters; `read` returns a parameter's raw value. */
export function resolveTarget(
	ctx: ValidationContext,
	read: (name: string) => unknown,
): ResolvedTarget {
	const target = validateEnum(ctx, 'target', read('target') ?? 'presentationValue', TARGETS);
	if (target === 'uploadedDefinitionFile') {
		const id = resolveLocator(
			ctx,
			'groupPolicyUploadedDefinitionFileId',
			read('groupPolicyUploadedDefinitionFileId'),
		);
		return {
			target,
			operationsPath: uploadedFileOperationsPath(id),
			groupPolicyUploadedDefinitionFileId: id,
		};
	}
	const ids: PresentationValuePath = {
		groupPolicyConfigurationId: resolveLocator(
			ctx,
			'groupPolicyConfigurationId',
			read('groupPolicyConfigurationId'),
		),
		groupPolicyDefinitionValueId: resolveLocator(
			ctx,
			'groupPolicyDefinitionValueId',
			read('groupPolicyDefinitionValueId'),
		),
		groupPolicyPresentationValueId: resolveLocator(
			ctx,
			'groupPolicyPresentationValueId',
			read('groupPolicyPresentationValueId'),
		),
	};
	return { target, operationsPath: presentationOperationsPath(ids), ids };
}
