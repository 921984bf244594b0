import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/*
 * What is wrong with a setting an item asks for, found while planning (before anything is sent).
 * The message names the item, the setting and, when it is about one, the input.
 */

export class SettingProblem extends Error {
	constructor(
		message: string,
		readonly hint: string,
		/** The input the problem is about, by its key. */
		readonly input?: string,
	) {
		super(message);
	}
}

/** The item's error for a problem with a setting; `where` names the setting (and JSON entry). */
export function settingError(
	node: INode,
	itemIndex: number,
	where: string,
	problem: SettingProblem,
): NodeOperationError {
	const input = problem.input === undefined ? '' : `, input "${problem.input}"`;
	return new NodeOperationError(node, `${where}${input}: ${problem.message} (item ${itemIndex})`, {
		itemIndex,
		description: `${problem.hint} Nothing was sent for this item.`,
	});
}
