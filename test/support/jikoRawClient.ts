/**
 * The tests' independent Jiko client is the conformance suite's: written from Jiko's documented
 * algorithm only (never from the node, the credential or the sandbox), it sends correct requests
 * and deliberately tampered ones, and never throws on an HTTP status.
 */
export { jikoSignature, JikoRawClient, SANDBOX_CREDENTIALS, type QueryValue, type RawRequestOptions, type RawResponse } from '../../conformance/client';
