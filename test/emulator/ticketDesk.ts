/*
 * A stand-in for a ticketing system next to the emulator, for the example workflows: it serves a ticket's
 * attachments (GET /ticketing/attachments/{name}) and records the comments a workflow posts back
 * (POST /ticketing/tickets/{number}/comments).
 */

import type { Reply } from './replies';

export interface TicketComment {
	ticket: string;
	body: unknown;
}

export class TicketDesk {
	readonly attachments = new Map<string, string>();
	readonly comments: TicketComment[] = [];

	reset(): void {
		this.attachments.clear();
		this.comments.length = 0;
	}

	handle(method: string, path: string, text: string): Reply {
		const attachment = /^\/ticketing\/attachments\/([^/]+)$/.exec(path);
		if (method === 'GET' && attachment) {
			const content = this.attachments.get(decodeURIComponent(attachment[1]));
			if (content === undefined) return { status: 404, body: { error: 'no such attachment' } };
			const json = attachment[1].endsWith('.json');
			return {
				status: 200,
				raw: content,
				contentType: json ? 'application/json' : 'application/xml',
			};
		}
		const comment = /^\/ticketing\/tickets\/([^/]+)\/comments$/.exec(path);
		if (method === 'POST' && comment) {
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				// kept as text
			}
			this.comments.push({ ticket: decodeURIComponent(comment[1]), body });
			return { status: 201, body: { ok: true } };
		}
		return { status: 404, body: { error: `No ticketing endpoint ${method} ${path}` } };
	}
}
