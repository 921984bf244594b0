import type { N8nRuntime, WorkflowData } from './n8n';
import { N8nInstance } from './n8n';
import { freePort, Postgres, Redis } from './services';

/*
 * n8n in queue mode, as it grows past one machine: Redis holds the queue, PostgreSQL is the shared database, one
 * main process takes the webhooks, and workers run the executions. Each process has its own user folder with the
 * package installed the way n8n installs a community package.
 */

export interface QueueSetup {
	credentials: unknown[];
	workflows: WorkflowData[];
	/** Workflows to publish (activate) once n8n runs. */
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
		// The servers start in the background while the user folders are prepared (npm installs the package in each).
		const [redisPort, postgresPort] = [await freePort(), await freePort()];
		const services = Promise.all([Redis.start(redisPort), Postgres.start(postgresPort)]);
		services.catch(() => undefined);
		const shared: NodeJS.ProcessEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgresPort),
			DB_POSTGRESDB_DATABASE: Postgres.DATABASE,
			DB_POSTGRESDB_USER: Postgres.USER,
			DB_POSTGRESDB_PASSWORD: 'unused-with-trust-auth',
			N8N_LOG_LEVEL: options.logLevel ?? 'info',
		};
		const main = N8nInstance.create(runtime, tarball, shared);
		const workers = Array.from({ length: options.workers }, () =>
			N8nInstance.create(runtime, tarball, shared),
		);
		const [redis, postgres] = await services;
		const cluster = new QueueCluster(main, workers, redis, postgres);
		try {
			// The first n8n command creates the database's tables; then the main process and the workers boot
			// together (each boot is seconds of work), and the main process creates and publishes the workflows
			// through its REST API, as the editor would.
			await main.importCredentials(setup.credentials);
			const [url] = await Promise.all([
				main.start(),
				...workers.map(
					async (worker) => await worker.startWorker(await freePort(), options.concurrency),
				),
			]);
			cluster.url = url;
			await main.setUpOwner();
			await main.createWorkflows(setup.workflows);
			for (const id of setup.publish) await main.publish(id);
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
