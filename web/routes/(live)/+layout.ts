// Live pages are driven by the socket from the first frame; there is nothing useful to render on the server.
export const ssr = false;
