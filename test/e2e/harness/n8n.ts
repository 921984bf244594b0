import { execFile, execFileSync, spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { promisify } from 'util';

/*
 * Real n8n for end-to-end tests and the demo: installed once per version into the user's cache directory, with this
 * package packed by npm and installed into a fresh user folder's .n8n/nodes the way n8n installs a community package.
 */

const run = promisify(execFile);
export const REPO_ROOT = resolve(__dirname, '../../..');
export const PACKAGE_NAME = 'n8n-nodes-intune-group-policy';
export const NODE_TYPE = `${PACKAGE_NAME}.microsoftIntuneGroupPolicy`;
export const DEFAULT_N8N_VERSION = '2.40.7';
/** The owner account the demo and the browser test create in their throw-away n8n. */
export const OWNER = {
	email: 'admin@contoso.example',
	password: 'Intune-demo-1',
	firstName: 'Intune',
	lastName: 'Admin',
};

export interface N8nRuntime {
	version: string;
	node: string;
	n8n: string;
}

/** Installs (or finds in the cache) n8n and the Node.js it needs. */
export function ensureN8n(version = process.env.N8N_VERSION || DEFAULT_N8N_VERSION): N8nRuntime {
	const output = execFileSync('bash', [join(REPO_ROOT, 'test/tools/install-n8n.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(output)![1];
	return { version, node: value('NODE'), n8n: value('N8N') };
}

/** `npm pack`s the built package; returns the tarball path. */
export function packPackage(destination: string): string {
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	}).trim();
	return join(destination, name.split('\n').pop()!);
}

export interface ExecuteResult {
	code: number;
	stdout: string;
	stderr: string;
	/** The run data printed by `n8n execute --rawOutput`, when it printed any. */
	run?: RunData;
}

export interface RunData {
	data: { resultData: { runData: Record<string, Array<NodeRun>>; error?: { message: string } } };
}

export interface NodeRun {
	error?: { message: string; description?: string };
	/** Milliseconds the node ran, as n8n records it. */
	executionTime?: number;
	data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> };
}

export class N8nInstance {
	readonly userFolder: string;
	private server?: ChildProcess;

	private constructor(
		readonly runtime: N8nRuntime,
		readonly env: NodeJS.ProcessEnv,
	) {
		this.userFolder = env.N8N_USER_FOLDER!;
	}

	/** A fresh n8n user folder with the packed package installed as a community package. */
	static create(
		runtime: N8nRuntime,
		tarball: string,
		extraEnv: NodeJS.ProcessEnv = {},
	): N8nInstance {
		const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		installCommunityPackage(join(userFolder, '.n8n', 'nodes'), tarball);
		// Jest sets NODE_ENV=test, which changes how n8n starts; n8n gets the environment a user's shell would give it.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST_')),
		);
		const env: NodeJS.ProcessEnv = {
			...inherited,
			PATH: `${dirname(runtime.node)}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-only-encryption-key-0123456789',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_PYTHON_ENABLED: 'false',
			N8N_LOG_LEVEL: 'warn',
			N8N_SECURE_COOKIE: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			DB_SQLITE_POOL_SIZE: '2',
			// n8n's task broker listens on a fixed port by default; a free one lets several n8n processes coexist.
			N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
			// n8n 1.123's default expression engine runs in isolated-vm 6, which needs Node 22 or newer; on the
			// Node 20 that 1.x users still run, n8n's legacy expression engine is the one that works.
			...(runtime.version.startsWith('1.') ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...extraEnv,
		};
		return new N8nInstance(runtime, env);
	}

	async cli(
		args: string[],
		extraEnv: NodeJS.ProcessEnv = {},
		timeoutMs = 180_000,
	): Promise<{ code: number; stdout: string; stderr: string }> {
		try {
			const { stdout, stderr } = await run(this.runtime.node, [this.runtime.n8n, ...args], {
				env: { ...this.env, ...extraEnv },
				timeout: timeoutMs,
				maxBuffer: 256 * 1024 * 1024,
			});
			return { code: 0, stdout, stderr };
		} catch (error) {
			const e = error as { code?: number; stdout?: string; stderr?: string };
			return {
				code: typeof e.code === 'number' ? e.code : 1,
				stdout: e.stdout ?? '',
				stderr: e.stderr ?? '',
			};
		}
	}

	private async importJson(kind: 'credentials' | 'workflow', data: unknown): Promise<void> {
		const file = join(
			this.userFolder,
			`import-${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
		);
		writeFileSync(file, JSON.stringify(data));
		const result = await this.cli([`import:${kind}`, `--input=${file}`]);
		rmSync(file);
		if (result.code !== 0)
			throw new Error(`n8n import:${kind} failed:\n${result.stdout}\n${result.stderr}`);
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		await this.importJson('credentials', credentials);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await this.importJson('workflow', workflows);
	}

	/** Makes a workflow's triggers live (n8n 2.x publishes a version; 1.x sets it active). */
	async activate(workflowId: string): Promise<void> {
		const major = Number(this.runtime.version.split('.')[0]);
		const args =
			major >= 2
				? ['publish:workflow', `--id=${workflowId}`]
				: ['update:workflow', `--id=${workflowId}`, '--active=true'];
		const result = await this.cli(args);
		if (result.code !== 0)
			throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
	}

	async execute(workflowId: string): Promise<ExecuteResult> {
		// execute prints the run through n8n's logger at info level.
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			N8N_LOG_LEVEL: 'info',
		});
		return { ...result, run: parseRun(result.stdout) };
	}

	/** Starts `n8n start` and resolves once the editor answers. */
	async start(port: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
		const url = `http://localhost:${port}`;
		const env = {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: `${url}/`,
			...extraEnv,
		};
		await this.spawnN8n(['start'], env, `${url}/healthz/readiness`);
		return url;
	}

	/** Starts `n8n worker` (queue mode) and resolves once its health check answers. */
	async startWorker(healthPort: number, concurrency: number, extraEnv: NodeJS.ProcessEnv = {}) {
		const env = {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...extraEnv,
		};
		const args = ['worker', `--concurrency=${concurrency}`];
		await this.spawnN8n(args, env, `http://127.0.0.1:${healthPort}/healthz`);
	}

	/** What the running n8n printed so far. */
	get output(): string {
		return this.printed;
	}

	private printed = '';

	private async spawnN8n(args: string[], extraEnv: NodeJS.ProcessEnv, readiness: string) {
		this.printed = '';
		this.server = spawn(this.runtime.node, [this.runtime.n8n, ...args], {
			env: { ...this.env, ...extraEnv },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		// Should this process end without stop() (a killed test run), n8n must not outlive it.
		const server = this.server;
		process.once('exit', () => server.kill('SIGKILL'));
		this.server.stdout!.on('data', (chunk) => (this.printed += String(chunk)));
		this.server.stderr!.on('data', (chunk) => (this.printed += String(chunk)));
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) throw new Error(`n8n exited early:\n${this.printed}`);
			try {
				const response = await fetch(readiness);
				if (response.ok) return;
			} catch {
				// not up yet
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`n8n ${args[0]} did not start within 120 s:\n${this.printed}`);
	}

	/** Creates n8n's owner account, so that the editor opens at a sign-in page with known details. */
	async setUpOwner(url: string): Promise<void> {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!response.ok)
			throw new Error(
				`Could not create the n8n owner: ${response.status} ${await response.text()}`,
			);
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server && server.exitCode === null) {
			const exited = new Promise((r) => server.once('exit', r));
			server.kill('SIGTERM');
			const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		}
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * What n8n's Community Nodes screen does with a package: unpack the tarball into nodes/node_modules/<name>, drop its
 * dev, peer and optional dependencies, npm install what is left with scripts off, and record it in nodes/package.json.
 */
export function installCommunityPackage(nodesDir: string, tarball: string): void {
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	execFileSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, stdio: 'ignore' },
	);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { [PACKAGE_NAME]: manifest.version },
			},
			null,
			2,
		),
	);
}

/** The JSON object that starts at `start`, found by matching braces outside strings. */
function jsonObjectAt(text: string, start: number): string | undefined {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			if (ch === '\\') i++;
			else if (ch === '"') inString = false;
		} else if (ch === '"') inString = true;
		else if (ch === '{') depth++;
		else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
	}
	return undefined;
}

/** `n8n execute --rawOutput` prints log lines and the run as JSON (after "Execution error:" when it failed). */
export function parseRun(stdout: string): RunData | undefined {
	for (let index = stdout.indexOf('{'); index >= 0; index = stdout.indexOf('{', index + 1)) {
		const candidate = jsonObjectAt(stdout, index);
		if (!candidate) continue;
		try {
			const parsed = JSON.parse(candidate) as RunData;
			if (parsed?.data?.resultData) return parsed;
		} catch {
			// not the run; keep looking
		}
	}
	return undefined;
}

/** The output items of a node in the run, or its error. */
export function nodeRun(run: RunData | undefined, nodeName: string): NodeRun | undefined {
	return run?.data.resultData.runData[nodeName]?.[0];
}
