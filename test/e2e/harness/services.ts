import type { ChildProcess } from 'child_process';
import { execFile, execFileSync, spawn } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

const execFileAsync = promisify(execFile);

/*
 * Redis and PostgreSQL for n8n's queue mode, from the machine's Debian packages (test/tools/install-services.sh),
 * started as plain local processes on free loopback ports in temporary folders, and stopped by the PIDs started here.
 */

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** A PostgreSQL program: on PATH, else in Debian's versioned folder (the newest). */
function postgresProgram(name: string): string {
	for (const dir of (process.env.PATH ?? '').split(':')) {
		if (dir && existsSync(join(dir, name))) return join(dir, name);
	}
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) {
		const path = join(root, version, 'bin', name);
		if (existsSync(path)) return path;
	}
	throw new Error(`PostgreSQL's ${name} was not found: run npm run setup:e2e`);
}

async function waitUntil(what: string, ready: () => boolean, child?: ChildProcess): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child && child.exitCode !== null) throw new Error(`${what} exited early`);
		if (ready()) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${what} did not start within 30 s`);
}

export class Redis {
	private constructor(
		readonly port: number,
		private readonly child: ChildProcess,
		private readonly dir: string,
	) {}

	/** Starts redis-server on `port` (a free one unless given). */
	static async start(port?: number): Promise<Redis> {
		port ??= await freePort();
		const dir = mkdtempSync(join(tmpdir(), 'queue-redis-'));
		const child = spawn(
			'redis-server',
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ cwd: dir, stdio: 'ignore' },
		);
		process.once('exit', () => child.kill('SIGKILL'));
		const redis = new Redis(port, child, dir);
		await waitUntil('redis-server', () => redis.answers(), child);
		return redis;
	}

	private answers(): boolean {
		try {
			return (
				execFileSync('redis-cli', ['-p', String(this.port), 'ping'], {
					encoding: 'utf8',
					stdio: ['ignore', 'pipe', 'ignore'],
				}).trim() === 'PONG'
			);
		} catch {
			return false;
		}
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null) {
			const exited = new Promise((r) => this.child.once('exit', r));
			this.child.kill('SIGTERM');
			await exited;
		}
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export class Postgres {
	static readonly DATABASE = 'n8n';
	static readonly USER = 'postgres';
	readonly database = Postgres.DATABASE;
	readonly user = Postgres.USER;

	private constructor(
		readonly port: number,
		private readonly dataDir: string,
		private readonly asUser: string[],
	) {}

	/** Starts PostgreSQL on `port` (a free one unless given), with an empty database named n8n. */
	static async start(port?: number): Promise<Postgres> {
		port ??= await freePort();
		const dataDir = mkdtempSync(join(tmpdir(), 'queue-postgres-'));
		// PostgreSQL refuses to run as root: as root, it runs as the postgres user of Debian's package.
		const root = process.getuid?.() === 0;
		if (root) {
			chmodSync(dataDir, 0o700);
			execFileSync('chown', ['postgres:postgres', dataDir]);
		}
		const asUser = root ? ['runuser', '-u', 'postgres', '--'] : [];
		const postgres = new Postgres(port, dataDir, asUser);
		// Run without blocking, so that the rest of a test's preparation goes on meanwhile.
		await postgres.runAsync('initdb', [
			'-D',
			dataDir,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
		]);
		await postgres.runAsync('pg_ctl', [
			'-D',
			dataDir,
			'-o',
			`-p ${port} -c listen_addresses=127.0.0.1 -k ${dataDir}`,
			'-l',
			join(dataDir, 'server.log'),
			'-w',
			'start',
		]);
		process.once('exit', () => postgres.stopNow());
		await postgres.runAsync('psql', [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-c',
			'CREATE DATABASE n8n',
		]);
		return postgres;
	}

	private async runAsync(program: string, args: string[]): Promise<void> {
		const [command, ...prefix] = [...this.asUser, postgresProgram(program)];
		await execFileAsync(command, [...prefix, ...args], { encoding: 'utf8' });
	}

	private run(program: string, args: string[]): string {
		const [command, ...prefix] = [...this.asUser, postgresProgram(program)];
		return execFileSync(command, [...prefix, ...args], { encoding: 'utf8', stdio: 'pipe' });
	}

	private stopNow(): void {
		if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
		try {
			this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
		} catch {
			// already stopped
		}
	}

	async stop(): Promise<void> {
		this.stopNow();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}
