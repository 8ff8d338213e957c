/** Jiko's ids are UUIDs; this is the one pattern for them (upper or lower case hex). */
export const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const UUID_PATTERN = new RegExp(`^${UUID_SOURCE}$`);
