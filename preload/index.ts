import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL, type ApiBridge } from './bridge';

// Exactly one thing crosses into the page: `window.api`. No ipcRenderer, no Node — the page can only ask main to
// dispatch a channel, and main validates and authorises every call anyway.
const api: ApiBridge = {
  kind: 'electron',
  call: (channel, input) => ipcRenderer.invoke(API_CHANNEL, String(channel), input),
};

contextBridge.exposeInMainWorld('api', api);
