// The suggestion form talks to the API from the phone's browser only; nothing to render on the server.
export const ssr = false;
