/** Whether the browser runs on a Mac or an iOS device, where the command key stands for Ctrl. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
