/**
 * What a sign-in subject (`sub`) may hold: printable ASCII without spaces, at most 255 characters, as OpenID Connect's
 * identifiers are. A subject reaches operators' logs and tools, so no line breaks or other control characters (an
 * outside probe had a newline stored, stop 42).
 */
export const AUTH_SUBJECT = /^[\x21-\x7E]{1,255}$/;
