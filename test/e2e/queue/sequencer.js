/** Runs the queue suite's files in name order (1-trigger, 2-money), so that its log reads in
 * the order the README describes; each file sets up what it needs. */
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => a.path.localeCompare(b.path));
	}
}

module.exports = ByName;
