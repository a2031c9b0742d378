// The form talks to /api in the browser and redirects from there; nothing to render on the server.
export const ssr = false;
