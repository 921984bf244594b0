// Unit and loopback tests run in "unit"; the suite inside real n8n runs in "e2e" (one at a time: it starts n8n).
const project = (displayName, patterns) => ({
	displayName,
	rootDir: require('path').resolve(__dirname, '..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: patterns,
});

module.exports = {
	projects: [
		project('unit', [
			'<rootDir>/test/unit/**/*.test.ts',
			'<rootDir>/test/integration/**/*.test.ts',
		]),
		project('e2e', ['<rootDir>/test/e2e/**/*.test.ts']),
	],
};
