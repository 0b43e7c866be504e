import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL, SAVE_PDF_CALL, type ApiBridge } from './bridge';

// Exactly one thing crosses into the page: `window.api`. No ipcRenderer, no Node — the page can only ask main to
// dispatch a channel, and main validates and authorises every call anyway.
const invoke = (channel: string, input: unknown) => ipcRenderer.invoke(API_CHANNEL, channel, input);
const api: ApiBridge = {
  kind: 'electron',
  call: (channel, input) => invoke(String(channel), input),
  savePdf: (target) => invoke(SAVE_PDF_CALL, target),
};

contextBridge.exposeInMainWorld('api', api);
