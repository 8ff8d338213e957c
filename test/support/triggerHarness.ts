import type { IDataObject } from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentialsHelper';
import { TriggerRig as Rig, type TriggerModule } from './triggerRig';

/*
 * The trigger rig (triggerRig.ts: n8n-core's HookContext and WebhookContext) for the jest tests.
 * Each `process` is a fresh copy of the node's module (jest.isolateModules): what one n8n
 * process keeps in memory, another does not see.
 */
export { NODE_ID, WORKFLOW_ID, envelope, sign, type Answer, type TriggerModule } from './triggerRig';

/** A fresh copy of the trigger node module, as another n8n process would load it. */
export function newProcess(): TriggerModule {
	let loaded: TriggerModule | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		loaded = require('../../nodes/JikoTrigger/JikoTrigger.node') as TriggerModule;
	});
	return loaded as TriggerModule;
}

/** activate() and deactivate() run in a new process unless given one. */
export class TriggerRig extends Rig {
	constructor(credentials: TestCredentialsHelper, parameters: IDataObject = {}) {
		super(credentials, parameters, newProcess);
	}
}
