import type { FastifyRequest } from 'fastify';

/** The sandbox's own base URL as the client reached it (for document links). */
export const baseUrlOf = (req: FastifyRequest): string => `${req.protocol}://${req.headers.host ?? `${req.hostname}`}`;
