// The record is read from /api in the browser with the reader's own session (staff see more than the
// public); the PDF is printed from this same page by the server's Chromium.
export const ssr = false;
