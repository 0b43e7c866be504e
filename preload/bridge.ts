import type { ChannelName, InputOf, OutputOf, Result } from '../main/contract';

// The shape of `window.api`, shared by the preload (which builds it), main (which answers API_CHANNEL)
// and the renderer transport (which uses it). Pure types + one constant: no electron, no DOM.

export const API_CHANNEL = 'api:call';

export interface ApiBridge {
  readonly kind: 'electron';
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
}
