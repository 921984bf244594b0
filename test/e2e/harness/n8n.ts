import { execFile, execFileSync, spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import { randomUUID } from 'crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { promisify } from 'util';

import { freePort } from './services';

/*
 * Real n8n for end-to-end tests and the demo: installed once per version into the user's cache directory, with this
 * package packed by npm and installed into a fresh user folder's .n8n/nodes the way n8n installs a community package.
 *
 * Every n8n command boots all of n8n (several seconds each), so the suite boots few: credentials are imported with
 * the CLI (it keeps their IDs, which the example workflows name), then one `n8n start` serves a whole test file, whose
 * workflows are created, published and run through n8n's REST API, as the editor does (see run()).
 */

const run = promisify(execFile);
export const REPO_ROOT = resolve(__dirname, '../../..');
export const PACKAGE_NAME = 'n8n-nodes-intune-group-policy';
export const NODE_TYPE = `${PACKAGE_NAME}.microsoftIntuneGroupPolicy`;
export const DEFAULT_N8N_VERSION = '2.40.7';
/** The owner account the suite and the demo create in their throw-away n8n. */
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

/** A workflow run by `n8n execute` (the demo and the benchmark run it so). */
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

/** A workflow run through the REST API of a running n8n (see N8nInstance.run). */
export interface RunResult {
	/** How n8n recorded the execution: 'success' when it finished without an error, 'error' when it failed. */
	status: string;
	/** The execution's data as n8n stored it. */
	run?: RunData;
	/** What n8n printed while the workflow ran, and the execution as n8n's REST API returned it. */
	output: string;
}

/** A workflow as this suite creates it in n8n. */
export interface WorkflowData {
	id: string;
	nodes: Array<{ name: string; type: string }>;
	[key: string]: unknown;
}

/** An execution as n8n's REST API returns it; `data` is in flatted form. */
interface StoredExecution {
	status: string;
	stoppedAt?: string | null;
	data?: string;
}

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

export interface NodeRun {
	error?: { message: string; description?: string };
	/** Milliseconds the node ran, as n8n records it. */
	executionTime?: number;
	data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> };
}

export class N8nInstance {
	readonly userFolder: string;
	/** Where the running `n8n start` answers, once start() has returned. */
	url = '';
	private server?: ChildProcess;
	/** The owner's session, from setUpOwner(): n8n's REST API needs it. */
	private cookie?: string;
	/** n8n binds a session to the browser-id header it was issued with. */
	private readonly browserId = randomUUID();
	/** Workflows created through the REST API: the version to publish, and the manual trigger run() starts. */
	private readonly created = new Map<
		string,
		{ workflow: WorkflowData; versionId: string; trigger?: string }
	>();

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

	/** Starts `n8n start` (on a free port unless given one) and resolves once the editor answers. */
	async start(port?: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
		const url = `http://localhost:${port ?? (await freePort())}`;
		const env = {
			N8N_PORT: new URL(url).port,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: `${url}/`,
			...extraEnv,
		};
		await this.spawnN8n(['start'], env, `${url}/healthz/readiness`);
		this.url = url;
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
		// A process that serves a whole test file and ends on its own leaves every later case failing to connect:
		// what it printed last says why.
		server.once('exit', (code, signal) => {
			if (this.server !== server) return;
			process.stderr.write(
				`n8n ${args[0]} ended on its own (${signal ?? code}); it printed last:\n` +
					`${this.printed.slice(-6000)}\n`,
			);
		});
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) throw new Error(`n8n exited early:\n${this.printed}`);
			try {
				const response = await fetch(readiness);
				if (response.ok) return;
			} catch {
				// not up yet
			}
			await sleep(200);
		}
		throw new Error(`n8n ${args[0]} did not start within 120 s:\n${this.printed}`);
	}

	/**
	 * Creates n8n's owner account, so that the editor opens at a sign-in page with known details, and keeps the
	 * session n8n opens for the new owner: the REST calls below are made as that owner, as the editor makes them.
	 */
	async setUpOwner(url = this.url): Promise<void> {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify(OWNER),
		});
		if (!response.ok)
			throw new Error(
				`Could not create the n8n owner: ${response.status} ${await response.text()}`,
			);
		this.cookie = response.headers
			.getSetCookie()
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	}

	/** One call to n8n's REST API as the owner; returns the answer's text. */
	private async rest(method: string, path: string, body?: unknown): Promise<string> {
		if (!this.cookie) throw new Error('n8n REST calls need setUpOwner() first');
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: {
				'Content-Type': 'application/json',
				'browser-id': this.browserId,
				cookie: this.cookie,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`n8n ${method} /rest${path} answered ${response.status}: ${text}`);
		return text;
	}

	private get major(): number {
		return Number(this.runtime.version.split('.')[0]);
	}

	/** Saves workflows in the running n8n, under their own IDs, as the editor saves an imported workflow. */
	async createWorkflows(workflows: WorkflowData[]): Promise<void> {
		// n8n 1.x gives a workflow created through its REST API an ID of its own; its CLI import keeps theirs.
		if (this.major < 2) await this.importWorkflows(workflows);
		for (const workflow of workflows) {
			const text =
				this.major < 2
					? await this.rest('GET', `/workflows/${workflow.id}`)
					: await this.rest('POST', '/workflows', { ...workflow, active: false });
			const { versionId } = (JSON.parse(text) as { data: { versionId: string } }).data;
			const trigger = workflow.nodes.find((node) => node.type === MANUAL_TRIGGER)?.name;
			this.created.set(workflow.id, { workflow, versionId, trigger });
		}
	}

	/** Saves a credential in the running n8n, as the editor's credential dialog does; returns the ID n8n gave it. */
	async createCredential(credential: {
		name: string;
		type: string;
		data: object;
	}): Promise<string> {
		const text = await this.rest('POST', '/credentials', credential);
		return (JSON.parse(text) as { data: { id: string } }).data.id;
	}

	/**
	 * Tests a saved credential as the editor's credential dialog does: it reads the credential (n8n redacts its
	 * secrets) and sends the form's data back to be tested; returns n8n's verdict.
	 */
	async testCredential(id: string): Promise<{ status: string; message: string }> {
		const stored = JSON.parse(await this.rest('GET', `/credentials/${id}?includeData=true`)) as {
			data: { id: string; name: string; type: string; data: Record<string, unknown> };
		};
		const { name, type, data } = stored.data;
		const text = await this.rest('POST', '/credentials/test', {
			credentials: { id, name, type, data },
		});
		return (JSON.parse(text) as { data: { status: string; message: string } }).data;
	}

	/**
	 * Makes a created workflow's triggers live in the running n8n, as the editor's Publish button does (n8n 1.123
	 * has the same endpoint). Webhooks answer and polls start without a restart; a polling trigger polls at once.
	 */
	async publish(workflowId: string): Promise<void> {
		const { versionId } = this.createdWorkflow(workflowId);
		await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId });
	}

	private createdWorkflow(workflowId: string) {
		const workflow = this.created.get(workflowId);
		if (!workflow) throw new Error(`Workflow ${workflowId} was not created with createWorkflows()`);
		return workflow;
	}

	/**
	 * Runs a created workflow in the running n8n, as the editor's "Execute workflow" button does: from its manual
	 * trigger unless another trigger is named (a polling trigger then polls once in manual mode, as "Fetch Test
	 * Event" does). Resolves once n8n has recorded the execution as finished, with the data it stored.
	 */
	async run(workflowId: string, trigger?: string, timeoutMs = 240_000): Promise<RunResult> {
		const created = this.createdWorkflow(workflowId);
		const start = trigger ?? created.trigger;
		if (!start) throw new Error(`Workflow ${workflowId} has no manual trigger: name one`);
		const printedBefore = this.printed.length;
		const answer = await this.rest('POST', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: start },
			// n8n 1.x runs the workflow it is sent; 2.x reads it from its database.
			...(this.major < 2 ? { workflowData: created.workflow } : {}),
		});
		const { executionId } = (JSON.parse(answer) as { data: { executionId?: string } }).data;
		if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${answer}`);
		// n8n runs it in the background and records its end; the REST API shows the record.
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const text = await this.rest('GET', `/executions/${executionId}`);
			const execution = (JSON.parse(text) as { data: StoredExecution }).data;
			if (execution.stoppedAt && !['new', 'running'].includes(execution.status)) {
				const data = execution.data ? (this.flatted().parse(execution.data) as object) : undefined;
				return {
					status: execution.status,
					run: data ? ({ data } as RunData) : undefined,
					output: `${this.printed.slice(printedBefore)}\n${text}`,
				};
			}
			if (Date.now() > deadline)
				throw new Error(`Execution ${executionId} did not finish within ${timeoutMs} ms`);
			await sleep(100);
		}
	}

	/** n8n's REST API sends execution data in flatted form (circular references allowed); n8n's own copy reads it. */
	private flatted(): { parse(text: string): unknown } {
		return createRequire(this.runtime.n8n)('flatted') as { parse(text: string): unknown };
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
