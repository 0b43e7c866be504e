import type { ChannelName, InputOf, OutputOf, Result } from '../main/contract';
import type { PrintTarget } from '../main/contract/documents';
import type { BackendEvent } from '../main/backend/types';

// The shape of `window.api`, shared by the preload (which builds it), main (which answers API_CHANNEL)
// and the renderer transport (which uses it). Pure types + one constant: no electron, no DOM.

export const API_CHANNEL = 'api:call';
/**
 * The app's "Save PDF", sent over API_CHANNEL under this name (not a contract channel: main answers it itself, before
 * dispatch): main prints the document-only route in a hidden window and asks where to save the file.
 */
export const SAVE_PDF_CALL = 'host.savePdf';
/** main → window: what the back end changed (issue 20 item 2), one BackendEvent per message (main/shell/events.ts) */
export const EVENT_CHANNEL = 'api:event';

export interface ApiBridge {
  readonly kind: 'electron';
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  /** `file`: where it was saved, null when the save dialog was cancelled */
  savePdf(target: PrintTarget): Promise<Result<{ file: string | null }>>;
  /** Hears the back end's events meant for this window; returns the unsubscribe function. */
  onEvent(listener: (event: BackendEvent) => void): () => void;
}
