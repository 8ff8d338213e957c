export { jikoApiRequest, jikoFind, jikoSend, retryPolicy } from './request';
export { resetRateGates } from './rateLimit';
export type { JikoContext, JikoRequest, JikoResult } from './request';
export { CursorWalk, itemsWanted, jikoCursorList, jikoOffsetList, nextCursor, MAX_PAGE_SIZE, pagingPolicy } from './pagination';
export type { ListLimit } from './pagination';
export { describeFailure } from './messages';
