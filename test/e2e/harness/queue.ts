import type { N8nRuntime } from './n8n';
import { N8nInstance } from './n8n';
import { freePort, Postgres, Redis } from './services';

/*
 * n8n in queue mode, as it grows past one machine: Redis holds the queue, PostgreSQL is the shared database, one
 * main process takes the webhooks, and workers run the executions. Each process has its own user folder with the
 * package installed the way n8n installs a community package.
 */

export interface QueueSetup {
	credentials: unknown[];
	workflows: unknown[];
	/** Workflows to publish (activate) before n8n starts. */
	publish: string[];
}

export class QueueCluster {
	url = '';

	private constructor(
		readonly main: N8nInstance,
		readonly workers: N8nInstance[],
		private readonly redis: Redis,
		private readonly postgres: Postgres,
	) {}

	static async start(
		runtime: N8nRuntime,
		tarball: string,
		setup: QueueSetup,
		options: { workers: number; concurrency: number; logLevel?: string },
	): Promise<QueueCluster> {
		const [redis, postgres] = await Promise.all([Redis.start(), Postgres.start()]);
		const shared: NodeJS.ProcessEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: 'unused-with-trust-auth',
			N8N_LOG_LEVEL: options.logLevel ?? 'info',
		};
		const main = N8nInstance.create(runtime, tarball, shared);
		const workers = Array.from({ length: options.workers }, () =>
			N8nInstance.create(runtime, tarball, shared),
		);
		const cluster = new QueueCluster(main, workers, redis, postgres);
		try {
			await main.importCredentials(setup.credentials);
			await main.importWorkflows(setup.workflows);
			for (const id of setup.publish) await main.activate(id);
			cluster.url = await main.start(await freePort());
			await Promise.all(
				workers.map(
					async (worker) => await worker.startWorker(await freePort(), options.concurrency),
				),
			);
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	/** How many executions each worker says it ran. */
	executionsPerWorker(): number[] {
		return this.workers.map((w) => (w.output.match(/Worker started execution/g) ?? []).length);
	}

	async stop(): Promise<void> {
		await Promise.all([this.main, ...this.workers].map(async (n8n) => await n8n.dispose()));
		await Promise.all([this.redis.stop(), this.postgres.stop()]);
	}
}
