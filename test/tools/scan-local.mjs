// Runs n8n's community-package scanner (the check behind n8n's verification) on a local folder.
// Usage: copy this file into the project (the scanner must resolve from the project's own node_modules, as a
// devDependency installed with --ignore-scripts), then: node scan-local.mjs <package dir>
// Exits 0 when the scanner passes, 1 when it finds errors.
import { resolve } from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const dir = process.argv[2] && resolve(process.argv[2]);
if (!dir) {
	console.error('usage: node scan-local.mjs <package dir> [--tarball]');
	process.exit(2);
}
// --tarball: scan a packed package the way the scanner scans what npm serves.
const patterns = process.argv.includes('--tarball')
	? ['**/*.js', 'package.json']
	: SOURCE_FILE_PATTERNS;
const result = await analyzePackage(dir, patterns);
console.log(JSON.stringify({ passed: result.passed, message: result.message }));
if (result.details) console.log(result.details);
process.exit(result.passed ? 0 : 1);
