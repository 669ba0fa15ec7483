/**
 * What a write request to Bull Board does, for the operations log: an action name, the queue and the job it is
 * about. Paths are Bull Board's API routes relative to the dashboard (`/api/queues/events/pause`). Unknown writes
 * (a newer Bull Board) are still logged, as `dashboard.write` with their path.
 */
export interface DashboardAction {
  action: string;
  queue?: string;
  jobId?: string;
  /** Writes that forge or rewrite job payloads: workers act on payloads as system work, so nobody may craft them. */
  disabled?: boolean;
}

const Q = '([^/]+)';
const RULES: Array<{ method: string; pattern: RegExp; action: string; disabled?: true }> = [
  { method: 'PUT', pattern: /^\/api\/queues\/pause$/, action: 'queues.pause_all' },
  { method: 'PUT', pattern: /^\/api\/queues\/resume$/, action: 'queues.resume_all' },
  { method: 'POST', pattern: new RegExp(`^/api/queues/${Q}/add$`), action: 'job.add', disabled: true },
  { method: 'PATCH', pattern: new RegExp(`^/api/queues/${Q}/${Q}/update-data$`), action: 'job.update_data', disabled: true },
  { method: 'POST', pattern: /^\/api\/metrics\/history\/purge$/, action: 'metrics.purge_history' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/pause$`), action: 'queue.pause' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/resume$`), action: 'queue.resume' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/promote$`), action: 'queue.promote_all' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/retry/${Q}$`), action: 'queue.retry_all' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/clean/${Q}$`), action: 'queue.clean' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/empty$`), action: 'queue.empty' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/obliterate$`), action: 'queue.obliterate' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/concurrency$`), action: 'queue.set_concurrency' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/rate-limit$`), action: 'queue.set_rate_limit' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/rate-limit/release$`), action: 'queue.release_rate_limit' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/job-schedulers/${Q}/remove$`), action: 'scheduler.remove' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/job-schedulers/${Q}/run$`), action: 'scheduler.run' },
  { method: 'PATCH', pattern: new RegExp(`^/api/queues/${Q}/job-schedulers/${Q}$`), action: 'scheduler.update' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/${Q}/retry$`), action: 'job.retry' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/${Q}/clean$`), action: 'job.remove' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/${Q}/promote$`), action: 'job.promote' },
  { method: 'PUT', pattern: new RegExp(`^/api/queues/${Q}/${Q}/remove-unprocessed-children$`), action: 'job.remove_children' },
  { method: 'PATCH', pattern: new RegExp(`^/api/queues/${Q}/${Q}/delay$`), action: 'job.change_delay' },
  { method: 'PATCH', pattern: new RegExp(`^/api/queues/${Q}/${Q}/priority$`), action: 'job.change_priority' },
];

const decode = (segment: string | undefined) => {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function describeDashboardWrite(method: string, path: string): DashboardAction {
  const upper = method.toUpperCase();
  for (const rule of RULES) {
    if (rule.method !== upper) continue;
    const match = rule.pattern.exec(path);
    if (!match) continue;
    const queue = decode(match[1]);
    // scheduler routes name a scheduler, not a job, in their second segment
    const jobId = rule.action.startsWith('job.') ? decode(match[2]) : undefined;
    return { action: rule.action, ...(queue !== undefined && { queue }), ...(jobId !== undefined && { jobId }), ...(rule.disabled && { disabled: true }) };
  }
  return { action: 'dashboard.write' };
}

/** Reads change nothing; everything else is a write (Bull Board uses PUT, PATCH and POST). */
export const isDashboardRead = (method: string) => ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
