/**
 * Listens to one case's live alert stream while `caseId` is set, handing each event to `onAlert`
 * (read through a ref, so a new callback does not reconnect). Answers the stream's state for the
 * page to show.
 */
import { useEffect, useRef, useState } from 'react';
import { subscribeAlerts } from '../../api/finance.ts';
import type { AlertStreamEvent } from '../../api/finance-types.ts';

export type StreamState = 'off' | 'connecting' | 'live' | 'ended';

export function useAlertStream(caseId: string | null, onAlert: (event: AlertStreamEvent) => void): StreamState {
  const [state, setState] = useState<StreamState>('off');
  const handler = useRef(onAlert);
  handler.current = onAlert;
  useEffect(() => {
    if (!caseId || typeof EventSource === 'undefined') {
      setState('off');
      return;
    }
    setState('connecting');
    const subscription = subscribeAlerts(caseId, {
      onOpen: () => setState('live'),
      onAlert: (event) => handler.current(event),
      onEnd: () => setState('ended'),
    });
    return () => subscription.close();
  }, [caseId]);
  return state;
}
