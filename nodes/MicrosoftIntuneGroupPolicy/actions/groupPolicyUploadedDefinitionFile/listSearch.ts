import { graphListSearch, text } from '../../helpers/listSearch';
import { UPLOADED_FILES_PATH } from './paths';

/* The list behind every Uploaded Definition File locator, the trigger's too. */

export const searchGroupPolicyUploadedDefinitionFiles = graphListSearch(
	UPLOADED_FILES_PATH,
	{ $select: 'id,displayName,fileName,status' },
	(row) => {
		const name = text(row.displayName, String(row.id));
		const file = text(row.fileName, '');
		return {
			name: `${file ? `${file} — ` : ''}${name}${row.status ? ` (${String(row.status)})` : ''}`,
			value: String(row.id),
		};
	},
);
