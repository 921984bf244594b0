import type { ServerResponse } from 'http';

/* How the emulator answers: Graph's error body and the one function that writes a reply. */

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	raw?: string;
	contentType?: string;
}

export function graphErrorBody(
	code: string,
	message: string,
	requestId: string,
	clientRequestId: string,
) {
	return {
		error: {
			code,
			message,
			innerError: {
				date: new Date().toISOString().slice(0, 19),
				'request-id': requestId,
				'client-request-id': clientRequestId,
			},
		},
	};
}

export function sendReply(res: ServerResponse, reply: Reply): void {
	if (res.destroyed) return;
	const headers: Record<string, string> = { ...reply.headers };
	if (reply.raw !== undefined) {
		res.writeHead(reply.status, {
			'Content-Type': reply.contentType ?? 'application/json',
			...headers,
		});
		res.end(reply.raw);
		return;
	}
	if (reply.body === undefined) {
		res.writeHead(reply.status, headers);
		res.end();
		return;
	}
	res.writeHead(reply.status, {
		'Content-Type': 'application/json; odata.metadata=minimal; charset=utf-8',
		...headers,
	});
	res.end(JSON.stringify(reply.body));
}
