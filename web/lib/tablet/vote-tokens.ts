/**
 * The random strings a tablet sends with a cast (shared/vote.schema.ts `VoteCastSchema`): a secret made
 * once per vote, from which the server derives the receipt and by which, under "last press counts", an
 * anonymous deputy changes their own ballot; and a key per press, so a retried press counts once.
 * `crypto.getRandomValues` works on plain-http hall networks too, where `crypto.subtle` does not.
 */

/** 24 bytes: 32 base64url characters, well over the 22 the schema asks for. */
const SECRET_BYTES = 24;
/** 12 bytes: 16 characters; a key only has to be unique among one deputy's presses. */
const KEY_BYTES = 12;

type RandomFill = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const cryptoFill: RandomFill = (bytes) => crypto.getRandomValues(bytes);

/** Bytes as unpadded base64url (RFC 4648 §5): only letters, digits, `-` and `_`. */
export function base64url(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new per-vote secret. */
export function newSecret(fill: RandomFill = cryptoFill): string {
	return base64url(fill(new Uint8Array(SECRET_BYTES)));
}

/** A new idempotency key for one press. */
export function newPressKey(fill: RandomFill = cryptoFill): string {
	return base64url(fill(new Uint8Array(KEY_BYTES)));
}
