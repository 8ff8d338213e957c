/** Bounds of one poll: what one execution takes, and how much of the list one poll reads. */
export const POLL_LIMITS = { eventsPerRun: 1_000, pagesPerPoll: 100 };
/** Late Events Allowance (minutes): how far back every poll reads. */
export const LATE_MINUTES = { min: 0, default: 10, max: 120 };
/** Catch Up At Most (hours): the oldest events read after downtime. */
export const CATCH_UP_HOURS = { min: 1, default: 24, max: 720 };
