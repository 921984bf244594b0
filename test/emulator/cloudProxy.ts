import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer, request } from 'http';
import type { AddressInfo, Socket } from 'net';
import { createSecureContext, TLSSocket } from 'tls';

import { makeCertificate } from '../fixtures/certificates';
import { MICROSOFT_LOGIN_HOSTS } from './identity';

/*
 * A forward proxy (HTTPS_PROXY) that plays Microsoft's real hosts: a CONNECT to login.microsoftonline.us:443,
 * graph.microsoft.us:443, ... is answered with TLS under a test certificate for those names (the client
 * trusts it through NODE_EXTRA_CA_CERTS), and the requests inside go to the emulator with X-Forwarded-Host,
 * so that the emulator plays that cloud. Links in answers that name the emulator are rewritten to the host
 * the client asked. With it, a credential of any cloud signs in and calls Graph at that cloud's own URLs.
 */

/** Every login host and Graph root of the Microsoft clouds, without scheme. */
export const MICROSOFT_HOSTS = Object.entries(MICROSOFT_LOGIN_HOSTS).flatMap(([login, graphs]) =>
	[login, ...graphs].map((url) => new URL(url).host),
);

export interface ProxiedRequest {
	host: string;
	method: string;
	path: string;
	status: number;
}

export class CloudProxy {
	/** The PEM certificate the proxy answers TLS with: give it to the client as a trusted CA. */
	readonly caPem: string;
	readonly log: ProxiedRequest[] = [];
	private readonly secureContext;
	private server?: Server;
	private readonly inner: Server;
	private readonly sockets = new Set<Socket>();

	constructor(
		private readonly target: () => string,
		private readonly hosts: string[] = MICROSOFT_HOSTS,
	) {
		const tls = makeCertificate({ commonName: 'Microsoft clouds (test)', dnsNames: hosts });
		this.caPem = tls.certificatePem;
		this.secureContext = createSecureContext({ key: tls.keyPem, cert: tls.certificatePem });
		this.inner = createServer((req, res) => this.forward(req, res));
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The cloud proxy is not running');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(): Promise<this> {
		this.server = createServer((_req, res) => {
			// Only tunnels are proxied; plain http to anywhere else is not this proxy's business.
			res.writeHead(502, { 'Content-Type': 'text/plain' });
			res.end('This test proxy only tunnels to Microsoft cloud hosts.');
		});
		this.server.on('connect', (req: IncomingMessage, socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
			socket.on('error', () => socket.destroy());
			const [host, port] = String(req.url ?? '').split(':');
			if (!this.hosts.includes(host) || port !== '443') {
				socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
				return;
			}
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			const secure = new TLSSocket(socket, { isServer: true, secureContext: this.secureContext });
			secure.on('error', () => socket.destroy());
			this.inner.emit('connection', secure);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
		this.server = undefined;
	}

	private forward(req: IncomingMessage, res: ServerResponse): void {
		const host = String(req.headers.host ?? '').split(':')[0];
		const target = new URL(this.target());
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const outgoing = request(
				{
					hostname: target.hostname,
					port: target.port,
					method: req.method,
					path: req.url,
					headers: {
						...req.headers,
						host: target.host,
						'x-forwarded-host': host,
						'x-forwarded-proto': 'https',
						'content-length': String(body.length),
					},
				},
				(answer) => {
					const parts: Buffer[] = [];
					answer.on('data', (chunk: Buffer) => parts.push(chunk));
					answer.on('end', () => {
						// Links the emulator wrote with its own address point back at the host that was asked.
						const text = Buffer.concat(parts)
							.toString('utf8')
							.split(this.target())
							.join(`https://${host}`);
						const headers = { ...answer.headers };
						delete headers['content-length'];
						delete headers['transfer-encoding'];
						const location = headers.location;
						if (typeof location === 'string') {
							headers.location = location.split(this.target()).join(`https://${host}`);
						}
						this.log.push({
							host,
							method: req.method ?? 'GET',
							path: req.url ?? '',
							status: answer.statusCode ?? 0,
						});
						res.writeHead(answer.statusCode ?? 502, {
							...headers,
							'content-length': Buffer.byteLength(text),
						});
						res.end(text);
					});
				},
			);
			outgoing.on('error', () => {
				if (!res.headersSent) res.writeHead(502);
				res.end();
			});
			outgoing.end(body);
		});
	}
}
