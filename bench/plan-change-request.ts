import type autocannon from 'autocannon';

export interface ChangeTarget {
  path: string;
  etag: string;
}

/** What one request of the plan-change run carries from its set-up to its response. */
interface ChangeContext {
  slot?: number;
}

/**
 * Conditional changes, each to a plan no other request in flight is changing (a version gate serialises changes to
 * one plan, so sharing one would measure 412s): a request takes a free target, sends the ETag last seen for it and,
 * on the answer, keeps the new ETag in the target and frees it — so a later run on the same targets goes on from
 * there. Autocannon clears a connection's context after each request, so the ETags live in the targets.
 */
export function planChangeRequest(targets: ChangeTarget[], headers: Record<string, string> = {}): autocannon.Request {
  const free = targets.map((_, slot) => slot);
  let counter = 0;
  return {
    method: 'PATCH',
    setupRequest: (request, state: object) => {
      const slot = free.shift();
      if (slot === undefined) throw new Error('more requests in flight than plans');
      (state as ChangeContext).slot = slot;
      const target = targets[slot]!;
      return { ...request, path: target.path, headers: { ...headers, 'content-type': 'application/json', 'if-match': target.etag }, body: JSON.stringify({ description: `Stap ${++counter}` }) };
    },
    onResponse: (_status, _body, state: object, responseHeaders) => {
      const slot = (state as ChangeContext).slot;
      if (slot === undefined) return;
      // autocannon passes the raw header names (Express sends `ETag`)
      const etag = Object.entries(responseHeaders ?? {}).find(([name]) => name.toLowerCase() === 'etag')?.[1];
      if (typeof etag === 'string') targets[slot]!.etag = etag;
      free.push(slot);
    },
  };
}
