import { graphListSearch, text } from '../../../helpers/listSearch';
import { DEFINITIONS_PATH } from '../paths';
import { CUSTOM, namePathOf } from './definitions';

/*
 * The list behind the Setting locator: the settings of uploaded ADMX files, searchable by display
 * name, category path, class and file. Each entry's value is the setting's name path, not its ID,
 * so that a workflow works in every tenant and after a file is uploaded again.
 */

export const searchGroupPolicyDefinitions = graphListSearch(
	DEFINITIONS_PATH,
	{
		$filter: `policyType eq '${CUSTOM}'`,
		$expand: 'definitionFile',
		$select: 'id,displayName,categoryPath,classType,policyType',
	},
	(row) => {
		const displayName = text(row.displayName, String(row.id));
		const categoryPath = text(row.categoryPath, '');
		const classType = text(row.classType, '');
		const file = (row.definitionFile ?? {}) as { fileName?: unknown };
		const fileName = text(file.fileName, '');
		return {
			name: `${displayName} — ${categoryPath} (${classType})` + (fileName ? ` · ${fileName}` : ''),
			value: namePathOf(
				typeof row.categoryPath === 'string' ? row.categoryPath : '',
				typeof row.displayName === 'string' ? row.displayName : '',
				classType,
			),
		};
	},
);
