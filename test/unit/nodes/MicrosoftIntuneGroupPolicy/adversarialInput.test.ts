import { performance } from 'perf_hooks';

import {
	checkWellFormed,
	decodeXml,
	FileProblem,
	readAdml,
	readAdmx,
} from '../../../../nodes/MicrosoftIntuneGroupPolicy/actions/groupPolicyUploadedDefinitionFile/admx';
import {
	graphApiError,
	headerValue,
	readGraphError,
	signInError,
	unwrapIntuneMessage,
} from '../../../../nodes/MicrosoftIntuneGroupPolicy/transport/errors';
import { retryAfterMs } from '../../../../nodes/MicrosoftIntuneGroupPolicy/transport/retry';
import { ADVERSARIAL_SHAPES, ONE_MB } from '../../../fixtures/admxShapes';
import { TEST_NODE } from '../../../helpers/executeContext';

/*
 * Every reader of text that comes from outside (files, Graph's answers) runs on n8n's main thread,
 * so each must take time linear in its input: 1 MB of text crafted against a backtracking reader
 * must be read in milliseconds, not minutes. Each reader gets each shape; the bound is generous
 * (a linear reader takes milliseconds; the regex readers these replaced took minutes).
 */

const BUDGET_MS = 3000;

const ADMX_HEAD =
	'<policyDefinitions><policyNamespaces><target prefix="a" namespace="A"/></policyNamespaces>';
const ADML_HEAD = '<policyDefinitionResources><resources><stringTable>';

interface Reader {
	name: string;
	/** Text before the shape, so that the shape is read where the reader's deeper checks run. */
	head?: string;
	read: (text: string) => unknown;
	/** What the reader must do with every shape: refuse it as a file, or just answer. */
	outcome: 'refuses' | 'answers' | 'either';
}

const READERS: Reader[] = [
	{
		name: 'decodeXml',
		read: (t) => decodeXml(Buffer.from(t), 'x.admx'),
		outcome: 'either',
	},
	{
		name: 'the well-formedness check',
		read: (t) => checkWellFormed(t, 'x.admx'),
		outcome: 'refuses',
	},
	{ name: 'readAdmx', read: (t) => readAdmx(t, 'x.admx'), outcome: 'refuses' },
	{
		name: 'readAdmx, inside the root',
		head: ADMX_HEAD,
		read: (t) => readAdmx(t, 'x.admx'),
		outcome: 'refuses',
	},
	{ name: 'readAdml', read: (t) => readAdml(t, 'x.adml'), outcome: 'refuses' },
	{
		name: 'readAdml, inside the root',
		head: ADML_HEAD,
		read: (t) => readAdml(t, 'x.adml'),
		outcome: 'refuses',
	},
	{
		name: 'readGraphError, a body of text',
		read: (t) => readGraphError({ status: 400, body: t, headers: {} }),
		outcome: 'answers',
	},
	{
		name: "readGraphError, Graph's error message",
		read: (t) =>
			readGraphError({
				status: 400,
				body: { error: { code: 'BadRequest', message: t } },
				headers: {},
			}),
		outcome: 'answers',
	},
	{
		name: 'graphApiError',
		read: (t) =>
			graphApiError(
				TEST_NODE,
				{
					status: 400,
					body: Buffer.from(JSON.stringify({ error: { code: 'BadRequest', message: t } })),
					headers: { 'request-id': t },
				},
				0,
			),
		outcome: 'answers',
	},
	{
		name: 'signInError',
		read: (t) => signInError(TEST_NODE, { status: 400, description: t }, 0),
		outcome: 'answers',
	},
	{ name: 'retryAfterMs', read: (t) => retryAfterMs({ 'Retry-After': t }), outcome: 'answers' },
	{ name: 'unwrapIntuneMessage', read: (t) => unwrapIntuneMessage(t), outcome: 'answers' },
	{
		name: 'headerValue',
		read: (t) => headerValue({ 'Content-Type': t, 'RETRY-AFTER': t }, 'retry-after'),
		outcome: 'answers',
	},
];

function timed(read: () => unknown): { ms: number; threw?: unknown } {
	const started = performance.now();
	let threw: unknown;
	try {
		read();
	} catch (error) {
		threw = error;
	}
	return { ms: performance.now() - started, threw };
}

describe.each(READERS)('$name', ({ head = '', read, outcome }) => {
	it.each(ADVERSARIAL_SHAPES.map((shape) => [shape.label, shape] as const))(
		'reads 1 MB of %s in linear time',
		(_label, shape) => {
			const text = head + shape.make(ONE_MB - head.length);
			const { ms, threw } = timed(() => read(text));
			expect(ms).toBeLessThan(BUDGET_MS);
			if (outcome === 'refuses') expect(threw).toBeInstanceOf(FileProblem);
			if (outcome === 'answers') expect(threw).toBeUndefined();
			if (outcome === 'either' && threw !== undefined) expect(threw).toBeInstanceOf(FileProblem);
		},
	);
});
