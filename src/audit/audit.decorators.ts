import { SetMetadata } from '@nestjs/common';
import type { AuditSpec } from './audit.types.js';

export const AUDIT_SPEC_KEY = 'eenplan:audit';
export const NO_PERSONAL_DATA_KEY = 'eenplan:no-personal-data';

/**
 * This handler reads or writes personal data: every successful call writes audit events in the request
 * transaction, and a denial (404 for an invisible household, 403) writes a `deny` event of its own.
 */
export const Audit = (spec: AuditSpec) => SetMetadata(AUDIT_SPEC_KEY, spec);

/**
 * This handler touches no personal data (health, metrics, configuration, aggregate figures), so it writes no
 * audit events. Says so explicitly: the route meta-test fails on a handler with neither marker.
 */
export const NoPersonalData = () => SetMetadata(NO_PERSONAL_DATA_KEY, true);
