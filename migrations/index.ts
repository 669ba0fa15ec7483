import { InitialSchema1764380000000 } from './1764380000000-initial-schema.js';

/** Every migration, in order. Listed explicitly so dist/, Jest and the CLI load the same set. */
export const MIGRATIONS = [InitialSchema1764380000000];
