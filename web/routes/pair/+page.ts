// The pairing page reads its code from the address and talks to the API from the browser only.
export const ssr = false;
