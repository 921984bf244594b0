/*
 * A stand-in for GitHub's repository contents API next to the emulator, for the example that keeps exported
 * profiles in Git: n8n's GitHub node, its credential's server pointed at {emulator}/github, reads a file
 * (GET /github/repos/{owner}/{repo}/contents/{path}) and creates or replaces one (PUT, with the blob SHA it
 * read when replacing), as GitHub documents, with GitHub's refusals of a missing or stale SHA.
 */

import { createHash } from 'crypto';

import type { Reply } from './replies';

export interface GitFile {
	path: string;
	content: string;
	sha: string;
}

export interface GitCommit {
	path: string;
	message: string;
	created: boolean;
}

const CONTENTS = /^\/github\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/;

/** Git's blob SHA-1 of a file's bytes, as GitHub reports it. */
function blobSha(content: Buffer): string {
	return createHash('sha1')
		.update(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))
		.digest('hex');
}

export class GitHost {
	/** Files by "owner/repo/path". */
	readonly files = new Map<string, GitFile>();
	readonly commits: GitCommit[] = [];

	reset(): void {
		this.files.clear();
		this.commits.length = 0;
	}

	/** A file's text, by "owner/repo/path". */
	text(key: string): string | undefined {
		const file = this.files.get(key);
		return file && Buffer.from(file.content, 'base64').toString('utf8');
	}

	handle(method: string, path: string, text: string, authorization: string | undefined): Reply {
		if (!/^token \S+$/.test(authorization ?? ''))
			return { status: 401, body: { message: 'Requires authentication' } };
		const match = CONTENTS.exec(path);
		if (!match) return { status: 404, body: { message: 'Not Found' } };
		const [, owner, repo, encoded] = match;
		const filePath = decodeURIComponent(encoded);
		const key = `${owner}/${repo}/${filePath}`;
		const file = this.files.get(key);
		if (method === 'GET') {
			if (!file) return { status: 404, body: { message: 'Not Found' } };
			return { status: 200, body: this.entry(file) };
		}
		if (method !== 'PUT') return { status: 404, body: { message: 'Not Found' } };
		const body = JSON.parse(text || '{}') as { message?: string; content?: string; sha?: string };
		if (!body.message || typeof body.content !== 'string')
			return { status: 422, body: { message: 'Invalid request.' } };
		if (file && body.sha === undefined)
			return { status: 422, body: { message: `Invalid request.\n\n"sha" wasn't supplied.` } };
		if (file && body.sha !== file.sha)
			return { status: 409, body: { message: `${filePath} does not match ${body.sha}` } };
		if (!file && body.sha !== undefined) return { status: 404, body: { message: 'Not Found' } };
		const content = Buffer.from(body.content, 'base64');
		const saved = { path: filePath, content: content.toString('base64'), sha: blobSha(content) };
		this.files.set(key, saved);
		this.commits.push({ path: filePath, message: body.message, created: !file });
		return {
			status: file ? 200 : 201,
			body: { content: this.entry(saved), commit: { message: body.message } },
		};
	}

	private entry(file: GitFile) {
		return {
			type: 'file',
			encoding: 'base64',
			name: file.path.split('/').pop(),
			path: file.path,
			sha: file.sha,
			content: file.content,
		};
	}
}
