import {
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { jikoApiRequest, jikoCursorList, nextCursor, MAX_PAGE_SIZE } from '../Jiko/transport';
import { paths } from '../../core/paths';
import { eventsField, triggerBase } from '../JikoTrigger/description';
import {
	MISSED_AFTER_MS,
	advance,
	eventItem,
	isCursor,
	isSubscriptionOf,
	planRead,
	readListed,
	startCursor,
	takenBy,
	type ListedEvent,
} from '../JikoTrigger/eventList';
import { CATCH_UP_HOURS, LATE_MINUTES, POLL_LIMITS } from './limits';
import { optionsField } from '../Jiko/helpers/fields';


function clamp(value: unknown, bounds: { min: number; default: number; max: number }): number {
	const number = Number(value);
	if (!Number.isFinite(number)) return bounds.default;
	return Math.min(bounds.max, Math.max(bounds.min, Math.floor(number)));
}

type Source = 'all' | 'missed';

/** The subscription of the Jiko Trigger in this workflow (catch-up), found by its description. */
async function triggerSubscription(context: IPollFunctions): Promise<string> {
	const workflowId = String(context.getWorkflow().id ?? '');
	const subscriptions = await jikoCursorList.call(context, paths.subscriptions, {}, { returnAll: true }, 'list webhook subscriptions');
	const mine = subscriptions.filter((subscription) => isSubscriptionOf(subscription.description, workflowId));
	if (mine.length === 1) return String(mine[0].id);
	throw new NodeOperationError(
		context.getNode(),
		mine.length === 0 ? 'No Jiko Trigger subscription of this workflow was found at Jiko' : `This workflow has ${mine.length} Jiko Trigger subscriptions`,
		{
			description:
				'Read → "Events the Jiko Trigger Did Not Take" catches up for exactly one active Jiko Trigger in the same workflow. Add one (or keep one), activate the workflow, then this trigger finds its subscription.',
		},
	);
}

/** One read of the list from `fromMs`: every page up to the bound, and whether it reached the end. */
async function readList(
	context: IPollFunctions,
	fromMs: number,
	pages: number,
	subscriptionId?: string,
): Promise<{ listed: ListedEvent[]; complete: boolean; ascending: boolean }> {
	const listed: ListedEvent[] = [];
	let cursor: string | undefined;
	let ascending = true;
	let last = Number.NEGATIVE_INFINITY;
	for (let page = 0; page < pages; page++) {
		const body = (await jikoApiRequest.call(context, {
			method: 'GET',
			path: paths.events,
			qs: {
				after: new Date(fromMs).toISOString(),
				limit: MAX_PAGE_SIZE,
				...(subscriptionId ? { subscription_id: subscriptionId } : {}),
				...(cursor ? { cursor } : {}),
			},
			what: "read Jiko's event list",
		})) as { items?: unknown[]; next_page?: unknown };
		for (const item of body.items ?? []) {
			const event = readListed(item);
			if (!event) continue;
			if (event.timestampMs < last) ascending = false;
			last = event.timestampMs;
			listed.push(event);
		}
		const next = nextCursor(body.next_page);
		if (!next || next === cursor || (body.items ?? []).length === 0) return { listed, complete: true, ascending };
		cursor = next;
	}
	return { listed, complete: false, ascending };
}

export class JikoPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		...triggerBase,
		displayName: 'Jiko Poll Trigger',
		name: 'jikoPollTrigger',
		icon: { light: 'file:../../icons/jiko.svg', dark: 'file:../../icons/jiko.dark.svg' },
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: "Starts the workflow with new events from Jiko's event list, read on a schedule (no webhook needed)",
		defaults: { name: 'Jiko Poll Trigger' },
		polling: true,
		properties: [
			optionsField('Read', 'source', 'all', 'Which events start the workflow', [
				{
					name: 'All Events of These Types',
					value: 'all',
					description: "Every event in Jiko's list of the chosen types: this trigger is the workflow's only start",
				},
				{
					name: 'Events the Jiko Trigger Did Not Take',
					value: 'missed',
					description:
						"Catch-up beside a Jiko Trigger (webhook) in this workflow: events of its subscription that Jiko could not deliver (n8n down, Jiko gave up, a delivery refused as late), once no delivery can start them any more — 56 minutes after they happened",
				},
			]),
			eventsField('The Jiko events to start the workflow with'),
			{
				displayName: 'Late Events Allowance (Minutes)',
				name: 'lateMinutes',
				type: 'number',
				typeOptions: { minValue: LATE_MINUTES.min, maxValue: LATE_MINUTES.max },
				default: 10,
				description:
					"How long after its timestamp an event may still appear in Jiko's list and be run. Every poll reads this far back (events already run are skipped); an event Jiko lists later than this is never run. A raised allowance reaches further back only as newer events come in, so nothing runs twice.",
			},
			{
				displayName: 'Catch Up At Most (Hours)',
				name: 'catchUpHours',
				type: 'number',
				typeOptions: { minValue: CATCH_UP_HOURS.min, maxValue: CATCH_UP_HOURS.max },
				default: 24,
				description:
					"After n8n was stopped or the workflow inactive, events up to this old are run when it is back. Older ones are not read: n8n's log names the time range skipped (list them with the Jiko node's Event → Get Many).",
			},
			{
				displayName:
					"Each poll reads Jiko's event list and starts one execution with the new events (one item per event, oldest first, at most 1,000; the rest at the next poll). Each event is run once when n8n's durable poll cursors are on (N8N_POLLER_DURABLE_CURSORS_ENABLED with the scheduler flags): the position in the list is saved in the same database transaction as the execution. Without them, a crash of n8n's main process in the middle of a poll can run that poll's events again, or skip them.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const types = new Set((this.getNodeParameter('events', []) as string[]).map(String));
		if (types.size === 0) throw new NodeOperationError(this.getNode(), 'Events: choose at least one Jiko event');
		const source = (this.getNodeParameter('source', 'all') as Source) === 'missed' ? 'missed' : 'all';
		const allowanceMs = clamp(this.getNodeParameter('lateMinutes', LATE_MINUTES.default), LATE_MINUTES) * 60_000;
		const boundMs = clamp(this.getNodeParameter('catchUpHours', CATCH_UP_HOURS.default), CATCH_UP_HOURS) * 3_600_000;
		const now = Date.now();
		// Catch-up: only events of the Jiko Trigger's subscription, only once no delivery can
		// start them (the trigger refuses them by age), only those Jiko never saw taken.
		const subscriptionId = source === 'missed' ? await triggerSubscription(this) : undefined;
		const horizon = source === 'missed' ? now - MISSED_AFTER_MS : Number.POSITIVE_INFINITY;
		const wanted = (event: ListedEvent) => types.has(event.event_type) && (subscriptionId === undefined || !takenBy(event, subscriptionId));
		const extra = subscriptionId ? { subscription_id: subscriptionId } : {};

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": the newest matching event, the cursor untouched.
			const { listed } = await readList(this, now - boundMs, POLL_LIMITS.pagesPerPoll, subscriptionId);
			const newest = listed.filter((event) => types.has(event.event_type)).sort((a, b) => b.timestampMs - a.timestampMs)[0];
			if (!newest) {
				throw new NodeOperationError(this.getNode(), `No ${[...types].join(', ')} event in Jiko's list in the last ${boundMs / 3_600_000} hours`, {
					description: 'Make one happen (in the local sandbox: POST /api/v1/sandbox/webhook/), then fetch again.',
				});
			}
			return [[{ json: eventItem(newest, extra) }]];
		}

		const state = this.getWorkflowStaticData('node');
		if (!isCursor(state.cursor)) {
			// First poll after activation: start at now. Events already listed in the allowance
			// are marked as passed, so activation does not replay recent history.
			const startAt = Math.min(now, horizon);
			const { listed } = await readList(this, startAt - allowanceMs, POLL_LIMITS.pagesPerPoll, subscriptionId);
			state.cursor = startCursor(startAt, allowanceMs, listed);
			return null;
		}
		const cursor = state.cursor;
		const plan = planRead(cursor, now, allowanceMs, boundMs);
		if (plan.skipped) {
			this.logger.warn(
				`Jiko Poll Trigger "${this.getNode().name}": events from ${new Date(plan.skipped.fromMs).toISOString()} to ${new Date(plan.skipped.toMs).toISOString()} were not read (older than Catch Up At Most)`,
			);
		}
		const read = await readList(this, plan.fromMs, POLL_LIMITS.pagesPerPoll, subscriptionId);
		// Catch-up: events younger than the horizon are still the webhook's; the cursor stops there.
		const listed = read.listed.filter((event) => event.timestampMs <= horizon);
		if (!read.complete && !read.ascending) {
			throw new NodeOperationError(this.getNode(), `More than ${POLL_LIMITS.pagesPerPoll * MAX_PAGE_SIZE} events are listed since ${new Date(plan.fromMs).toISOString()}, newest first`, {
				description: 'The oldest of them cannot be reached in one poll, so none is started (nothing is skipped). Lower Catch Up At Most or the Late Events Allowance.',
			});
		}
		const step = advance(cursor, listed, { wanted, allowanceMs, max: POLL_LIMITS.eventsPerRun, fromMs: plan.fromMs });
		if (!read.complete && step.fresh.length === 0 && step.cursor.at === cursor.at) {
			// Every poll reads the allowance back; more events than one poll reads fit in it, so
			// this poll could not get past them. Say so rather than stand still in silence.
			throw new NodeOperationError(this.getNode(), `More than ${POLL_LIMITS.pagesPerPoll * MAX_PAGE_SIZE} events are listed within the Late Events Allowance`, {
				description: 'Every poll reads the Late Events Allowance back, and one poll reads at most that many events: lower the Late Events Allowance so fewer events fall inside it. Nothing was skipped.',
			});
		}
		state.cursor = step.cursor;
		if (step.fresh.length === 0) return null;
		return [step.fresh.map((event) => ({ json: eventItem(event, extra) }))];
	}
}
