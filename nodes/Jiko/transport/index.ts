export { jikoApiRequest, jikoFind, jikoSend, retryPolicy, CREDENTIAL_NAME } from './request';
export { paths } from './paths';
export { resetRateGates } from './rateLimit';
export type { JikoContext, JikoRequest, JikoResult } from './request';
export { jikoCursorList, jikoOffsetList, nextCursor, MAX_PAGE_SIZE } from './pagination';
export type { ListLimit } from './pagination';
export { classifyWriteFailure, readFailure, retryAfterMs } from './failure';
export type { JikoFailure, WriteFailureKind } from './failure';
export { describeFailure, describeValidation } from './messages';
