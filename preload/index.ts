import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL, EVENT_CHANNEL, SAVE_PDF_CALL, type ApiBridge } from './bridge';

// Exactly one thing crosses into the page: `window.api`. No ipcRenderer, no Node — the page can only ask main to
// dispatch a channel, and main validates and authorises every call anyway. Events come the other way: the page's
// listener gets the event's data only, never the IPC event (which would reach the sender and ipcRenderer).
const invoke = (channel: string, input: unknown) => ipcRenderer.invoke(API_CHANNEL, channel, input);
const api: ApiBridge = {
  kind: 'electron',
  call: (channel, input) => invoke(String(channel), input),
  savePdf: (target) => invoke(SAVE_PDF_CALL, target),
  onEvent: (listener) => {
    const forward = (_ipc: unknown, event: unknown) => listener(event as Parameters<typeof listener>[0]);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('api', api);
