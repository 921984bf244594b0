// Build steps around tsc: start from an empty dist/, and copy the node and credential icons next to the compiled
// code, where n8n resolves their file: paths.
const fs = require('fs');
const { src, dest, task } = require('gulp');

task('clean', (done) => {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
});

task('build:icons', () => src('icons/*.svg').pipe(dest('dist/icons')));
