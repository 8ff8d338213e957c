export { jikoApiRequest, jikoFind, jikoSend, retryPolicy } from './request';
export { resetRateGates } from './rateLimit';
export type { JikoContext, JikoRequest, JikoResult } from './request';
export { jikoCursorList, jikoOffsetList, nextCursor, MAX_PAGE_SIZE } from './pagination';
export type { ListLimit } from './pagination';
export { describeFailure } from './messages';
