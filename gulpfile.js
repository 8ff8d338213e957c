// Copies the SVG icons next to the compiled JavaScript: n8n resolves `file:` icons
// relative to the built node and credential files in dist/.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['icons/**/*.svg', 'nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.' }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = buildIcons;
