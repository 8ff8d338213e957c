import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One operation: its own fields and its own logic, in one file. */
export interface JikoOperation {
	description: INodeProperties[];
	/** Returns one object or several (lists): each becomes an output item paired to `itemIndex`. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	/** Parameters that hold secrets (e.g. a subscription's shared secret): the router keeps
	 * their values out of outputs and errors. */
	secretParameters?: string[];
	/** Runs once after every item (same context as the items): items that belong to the whole
	 * input rather than one item (Reconcile's transactions nobody expected), each paired to the
	 * input items it came from. With Continue On Fail some items may have failed (they are
	 * already error items): it must leave out what rests on them, not fail again for them. */
	finish?(this: IExecuteFunctions): Promise<Array<{ json: IDataObject; pairedItems: number[] }>>;
}

export type JikoResource = Record<string, JikoOperation>;
